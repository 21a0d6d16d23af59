// What the numbers were measured on. These machines are shared and noisy: every result is
// reported with the core count, and as a ratio to a baseline measured in the same run.
import { availableParallelism, cpus, loadavg, totalmem } from "node:os";

export interface MachineInfo {
  cores: number;
  cpuModel: string;
  totalMemoryMiB: number;
  /** 1, 5 and 15 minute load averages when the run started: a busy machine reads slower. */
  loadAverage: number[];
  node: string;
  platform: string;
}

export function machineInfo(): MachineInfo {
  return {
    cores: availableParallelism(),
    cpuModel: cpus()[0]?.model.trim() ?? "unknown",
    totalMemoryMiB: Math.round(totalmem() / 1024 / 1024),
    loadAverage: loadavg().map((value) => Math.round(value * 100) / 100),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}
