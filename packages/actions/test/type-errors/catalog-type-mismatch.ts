// Expected error: the catalog object lists an action that its spelled-out type does not.
import { createIdentity } from "../../src/catalog/create-identity.ts";
import { updateIdentity } from "../../src/catalog/update-identity.ts";
import { defineCatalog } from "../../src/kit/index.ts";

type Listed = { readonly create_identity: typeof createIdentity };

export const catalog: Listed = defineCatalog<Listed>({
  create_identity: createIdentity,
  update_identity: updateIdentity,
});
