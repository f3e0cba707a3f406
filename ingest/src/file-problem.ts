/** A problem that stops a whole file (unreadable, unrecognised columns); reported as the file's error. */
export class FileProblem extends Error {
  override name = 'FileProblem';
}
