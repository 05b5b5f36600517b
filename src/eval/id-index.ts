/** Dense integer ids for merchant_id strings, so that pairs and clusters are typed-array work. */
export class IdIndex {
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];

  get size(): number {
    return this.names.length;
  }

  /** The index of `id`, assigning the next one when it is new. */
  intern(id: string): number {
    let i = this.ids.get(id);
    if (i === undefined) {
      i = this.names.length;
      this.ids.set(id, i);
      this.names.push(id);
    }
    return i;
  }

  get(id: string): number | undefined {
    return this.ids.get(id);
  }

  name(i: number): string {
    return this.names[i]!;
  }
}
