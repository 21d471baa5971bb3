// Turns batches of text into complete lines for onStdout/onStderr.
export class LineSplitter {
  constructor(emit) {
    this.emit = emit;
    this.partial = '';
  }
  push(text) {
    const parts = (this.partial + text).split('\n');
    this.partial = parts.pop();
    for (const line of parts) this.emit(line);
  }
  /** The end of a run: a last line without "\n" is still a line. */
  end() {
    if (this.partial) this.emit(this.partial);
    this.partial = '';
  }
}
