import { definePackageTestConfig } from "@trellis/testing";

export default definePackageTestConfig("scenarios", { database: true });
