import { defineListReplacement } from "../define/list-replacement.ts";

export const updateWhoYouWantToBe = defineListReplacement({
  type: "update_who_you_want_to_be",
  title: "Update who you want to be",
  icon: "user-plus",
  description:
    'Replace the list of things the user wants to become (e.g. "a marathon runner", "a ' +
    'patient parent"). Send the whole list: it replaces the previous one.',
});
