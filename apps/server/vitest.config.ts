import { definePackageTestConfig } from "@trellis/testing";

export default definePackageTestConfig("server", { database: true });
