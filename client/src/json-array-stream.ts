import { ProtocolError } from './errors';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/**
 * Splits a streamed top-level JSON array into its elements as the bytes arrive. It only scans for
 * element boundaries (depth, strings, escapes — all ASCII, so UTF-8 is safe to scan bytewise) and
 * hands each element's text to JSON.parse, so memory holds one element at a time, not the array.
 */
export class JsonArrayStream {
  private state: 'start' | 'between' | 'element' | 'end' = 'start';
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Pieces of the element being read, from earlier chunks. */
  private pending: Buffer[] = [];
  /** Whether an element is expected next (after '[' or ','), to reject "[1,,2]" and "[1,]". */
  private expectElement = true;
  private count = 0;

  constructor(private readonly reviver?: (key: string, value: unknown) => unknown) {}

  /** The elements completed by this chunk, in order. */
  push(chunk: Buffer): unknown[] {
    const out: unknown[] = [];
    let start = this.state === 'element' ? 0 : -1;
    // Next backslash of the chunk at or after i (strings are skipped with indexOf, natively).
    let backslash = chunk.indexOf(BACKSLASH);
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (this.state === 'element') {
        if (this.inString) {
          if (this.escaped) {
            this.escaped = false;
            continue;
          }
          const quote = chunk.indexOf(QUOTE, i);
          if (backslash !== -1 && backslash < i) backslash = chunk.indexOf(BACKSLASH, i);
          if (backslash !== -1 && (quote === -1 || backslash < quote)) {
            // An escape: the byte after the backslash is taken as is.
            i = backslash;
            this.escaped = true;
          } else if (quote === -1) {
            i = chunk.length; // the string goes on in the next chunk
          } else {
            i = quote;
            this.inString = false;
          }
          continue;
        }
        if (c === QUOTE) this.inString = true;
        else if (c === OPEN_BRACE || c === OPEN_BRACKET) this.depth++;
        else if (c === CLOSE_BRACE || (c === CLOSE_BRACKET && this.depth > 0)) {
          this.depth--;
          if (this.depth === 0) {
            out.push(this.finish(chunk, start, i + 1));
            this.state = 'between';
          }
        } else if (this.depth === 0 && (c === COMMA || c === CLOSE_BRACKET || isSpace(c))) {
          // The end of a scalar element.
          out.push(this.finish(chunk, start, i));
          this.state = 'between';
          i--; // the separator is read in the 'between' state
        }
        continue;
      }
      if (isSpace(c)) continue;
      if (this.state === 'start') {
        if (c !== OPEN_BRACKET) throw new ProtocolError('Expected a JSON array');
        this.state = 'between';
        this.expectElement = true;
        continue;
      }
      if (this.state === 'end') throw new ProtocolError('Unexpected data after the JSON array');
      // between elements
      if (c === COMMA) {
        if (this.expectElement) throw new ProtocolError('Unexpected "," in the JSON array');
        this.expectElement = true;
      } else if (c === CLOSE_BRACKET) {
        if (this.expectElement && this.count > 0) throw new ProtocolError('Unexpected "]" after ","');
        this.state = 'end';
      } else {
        if (!this.expectElement) throw new ProtocolError('Expected "," between array elements');
        this.expectElement = false;
        this.state = 'element';
        start = i;
        if (c === QUOTE) this.inString = true;
        else if (c === OPEN_BRACE || c === OPEN_BRACKET) this.depth = 1;
        else this.depth = 0;
        if (c === OPEN_BRACE || c === OPEN_BRACKET) continue;
      }
      // A string element closes on its quote: handled by the element state from the next byte on.
    }
    if (this.state === 'element') this.pending.push(chunk.subarray(start));
    return out;
  }

  /** Checks that the array was complete. */
  end(): void {
    if (this.state !== 'end') throw new ProtocolError('The JSON array ended before its closing "]"');
  }

  /** Elements read so far. */
  get length(): number {
    return this.count;
  }

  private finish(chunk: Buffer, start: number, end: number): unknown {
    const piece = chunk.subarray(start, end);
    const bytes = this.pending.length ? Buffer.concat([...this.pending, piece]) : piece;
    this.pending = [];
    this.depth = 0;
    this.count++;
    try {
      const text = bytes.toString('utf8');
      // A reviver slows JSON.parse down several times: only use it where there is a tag to revive.
      return this.reviver && text.includes('"__class__"') ? JSON.parse(text, this.reviver) : JSON.parse(text);
    } catch (e) {
      throw new ProtocolError(`Malformed element ${this.count} of the JSON array: ${(e as Error).message}`);
    }
  }
}
