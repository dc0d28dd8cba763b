import { describe, expect, it } from 'vitest';
import { InputError } from '../core/index.js';
import { plotFormatOf } from './format.js';

describe('plotFormatOf', () => {
  it('reads the format from the extension, in any case', () => {
    expect(plotFormatOf('out/leak.png')).toBe('png');
    expect(plotFormatOf('out/leak.SVG')).toBe('svg');
    expect(plotFormatOf('/tmp/a.b/leak.html')).toBe('html');
    expect(plotFormatOf('leak.htm')).toBe('html');
  });

  it('names the path and the allowed extensions for anything else', () => {
    for (const path of ['leak.pdf', 'leak', 'png', 'out.png/leak.jpeg']) {
      let error: unknown;
      try {
        plotFormatOf(path);
      } catch (caught) {
        error = caught;
      }
      expect(error, path).toBeInstanceOf(InputError);
      expect((error as InputError).message, path).toContain(path);
      expect((error as InputError).message, path).toContain('.png, .svg or .html');
    }
  });
});
