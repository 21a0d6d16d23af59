import { definePackageTestConfig } from "@trellis/testing";

export default definePackageTestConfig("engine", { database: true });
