/** Raised for a history that cannot be read or is malformed; the message says what to fix. */
export class HistoryFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "HistoryFormatError";
  }
}
