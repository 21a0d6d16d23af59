import { definePackageTestConfig } from "@trellis/testing";

export default definePackageTestConfig("ai", { database: true });
