// The catalog names each action's icon by its Lucide name ("user-plus"); the app draws those
// as inline SVG (lucide-react, one small module per icon: only the icons listed here are
// bundled). A name the app does not know yet gets a plain dot.
import {
  Archive,
  ArrowRight,
  BadgeCheck,
  Check,
  Circle,
  Crosshair,
  FilePen,
  FolderInput,
  Image,
  type LucideIcon,
  Merge,
  MessageCircleQuestionMark,
  MessageSquareMore,
  MessageSquareQuote,
  NotebookPen,
  Pencil,
  Quote,
  SkipForward,
  Sparkles,
  StickyNote,
  Target,
  Trash2,
  Undo2,
  User,
  UserPlus,
} from "lucide-react";

const ICONS: Readonly<Record<string, LucideIcon>> = {
  archive: Archive,
  "arrow-right": ArrowRight,
  "badge-check": BadgeCheck,
  check: Check,
  crosshair: Crosshair,
  "file-pen": FilePen,
  "folder-input": FolderInput,
  image: Image,
  merge: Merge,
  "message-circle-question": MessageCircleQuestionMark,
  "message-square-more": MessageSquareMore,
  "message-square-quote": MessageSquareQuote,
  "notebook-pen": NotebookPen,
  pencil: Pencil,
  quote: Quote,
  "skip-forward": SkipForward,
  sparkles: Sparkles,
  "sticky-note": StickyNote,
  target: Target,
  "trash-2": Trash2,
  "undo-2": Undo2,
  user: User,
  "user-plus": UserPlus,
};

/** The Lucide icon of that name as a decorative SVG (its text sits beside it). */
export function CatalogIcon({ name }: { name: string | undefined }) {
  const Icon = (name !== undefined && ICONS[name]) || Circle;
  return <Icon aria-hidden="true" focusable="false" className="icon" size={18} data-icon={name} />;
}
