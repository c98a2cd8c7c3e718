/**
 * A one-line progress indicator on stderr for long operations: the step and the seconds
 * spent, redrawn in place. Only on a terminal; in a pipe or a log it prints nothing.
 */
const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export class Progress {
  private step = '';
  private frame = 0;
  private readonly started = Date.now();
  private readonly timer: NodeJS.Timeout | undefined;

  constructor(private readonly stream: NodeJS.WritableStream & { isTTY?: boolean }) {
    if (stream.isTTY) this.timer = setInterval(() => this.draw(), 100);
  }

  set(step: string): void {
    this.step = step;
    this.draw();
  }

  done(): void {
    if (this.timer === undefined) return;
    clearInterval(this.timer);
    this.stream.write('\r\u001b[2K');
  }

  private draw(): void {
    if (this.timer === undefined) return;
    const seconds = ((Date.now() - this.started) / 1000).toFixed(1);
    this.frame = (this.frame + 1) % FRAMES.length;
    this.stream.write(`\r\u001b[2K${FRAMES[this.frame]} ${this.step} (${seconds}s)`);
  }
}
