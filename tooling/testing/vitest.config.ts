import { definePackageTestConfig } from "./src/config.ts";

export default definePackageTestConfig("testing", { database: true });
