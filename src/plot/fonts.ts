import { existsSync } from 'node:fs';

/** A sans-serif family and its regular and bold files. */
export interface FontChoice {
  family: string;
  files: string[];
}

/** Known places of a sans-serif font: Debian/Ubuntu, Fedora, Arch, macOS, Windows. */
const CANDIDATES: readonly FontChoice[] = [
  {
    family: 'DejaVu Sans',
    files: [
      '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
      '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
    ],
  },
  {
    family: 'DejaVu Sans',
    files: [
      '/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf',
      '/usr/share/fonts/dejavu-sans-fonts/DejaVuSans-Bold.ttf',
    ],
  },
  {
    family: 'DejaVu Sans',
    files: ['/usr/share/fonts/TTF/DejaVuSans.ttf', '/usr/share/fonts/TTF/DejaVuSans-Bold.ttf'],
  },
  {
    family: 'Liberation Sans',
    files: [
      '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
      '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf',
    ],
  },
  {
    family: 'Arial',
    files: [
      '/System/Library/Fonts/Supplemental/Arial.ttf',
      '/System/Library/Fonts/Supplemental/Arial Bold.ttf',
    ],
  },
  { family: 'Arial', files: ['C:\\Windows\\Fonts\\arial.ttf', 'C:\\Windows\\Fonts\\arialbd.ttf'] },
];

/** The first known sans-serif font present on this machine, or undefined when there is none. */
export function findFont(): FontChoice | undefined {
  for (const candidate of CANDIDATES) {
    const files = candidate.files.filter((file) => existsSync(file));
    if (files.length > 0) return { family: candidate.family, files };
  }
  return undefined;
}
