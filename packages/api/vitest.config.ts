import { definePackageTestConfig } from "@trellis/testing";

export default definePackageTestConfig("api", { database: true });
