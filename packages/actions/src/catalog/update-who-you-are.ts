import { defineListReplacement } from "../define/list-replacement.ts";

export const updateWhoYouAre = defineListReplacement({
  type: "update_who_you_are",
  title: "Update who you are",
  icon: "user",
  description:
    'Replace the list of things the user says they are today (roles, traits, e.g. "a nurse", ' +
    '"curious"). Send the whole list: it replaces the previous one.',
});
