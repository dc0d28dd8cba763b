/**
 * Advance widths of DejaVu Sans 2.37, regular and bold, for the characters U+0020–U+007E in
 * thousandths of an em (read from the font's hmtx table, 2,048 units per em).
 */
const REGULAR = [
  318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636, 636,
  636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632, 575, 775, 752, 295,
  295, 656, 557, 863, 748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838,
  500, 500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521,
  392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
];
const BOLD = [
  348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696, 696, 696,
  696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734, 830, 683, 683, 821, 837, 372,
  372, 775, 637, 995, 837, 850, 733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457, 365, 457, 838,
  500, 500, 675, 716, 593, 716, 678, 435, 716, 712, 343, 343, 665, 343, 1042, 712, 687, 716, 716, 493, 595,
  478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838,
];
/** Width of any other character (…, →, —, ± are 838–1,000; accented letters ~600). */
const OTHER = 800;
/** Vega's default font size, px. */
const DEFAULT_FONT_SIZE = 11;

/** The text properties of a Vega scenegraph item that decide its width. */
export interface TextItem {
  text?: unknown;
  fontSize?: number;
  fontWeight?: string | number;
}

/**
 * Width in px of `text` (or the item's own text) set in DejaVu Sans at the item's size and weight.
 * Vega without a canvas guesses 0.8 em per character, about 35 % too wide for this font, which
 * spreads legends and widens the figure; Vega lets a renderer supply this function instead (as
 * vl-convert does).
 */
export function textWidth(item: TextItem, text?: unknown): number {
  const value = text ?? item.text;
  const s = value === undefined || value === null ? '' : String(value);
  const weight = item.fontWeight;
  const table = weight === 'bold' || (typeof weight === 'number' && weight >= 600) ? BOLD : REGULAR;
  let thousandths = 0;
  for (let i = 0; i < s.length; i++) thousandths += table[s.charCodeAt(i) - 32] ?? OTHER;
  return (thousandths / 1000) * (item.fontSize ?? DEFAULT_FONT_SIZE);
}
