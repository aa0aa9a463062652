/**
 * The file name of a recording pattern at epoch-ms `time` (UTC) for the `index`-th file of that
 * time bucket (size rotation). Tokens: `%Y` year, `%m` month, `%d` day, `%H` hour, `%M` minute,
 * `%S` second (two digits, UTC), `%i` the index, `%%` a percent sign. Without `%i`, files after
 * the first of a bucket get `-<index>` before the extension (`bn.rxrec.gz` → `bn-1.rxrec.gz`).
 *
 * @example
 * ```ts
 * recordingFileName('bn-%Y%m%d-%H.rxrec.gz', Date.UTC(2025, 0, 2, 13), 0); // 'bn-20250102-13.rxrec.gz'
 * recordingFileName('bn-%Y%m%d-%H.rxrec.gz', Date.UTC(2025, 0, 2, 13), 2); // 'bn-20250102-13-2.rxrec.gz'
 * ```
 */
export function recordingFileName(pattern: string, time: number, index: number): string {
  const date = new Date(Number.isFinite(time) ? time : 0);
  const two = (n: number): string => String(n).padStart(2, '0');
  let hasIndex = false;
  const name = pattern.replace(/%([YmdHMSi%])/g, (_match, token: string) => {
    switch (token) {
      case 'Y':
        return String(date.getUTCFullYear());
      case 'm':
        return two(date.getUTCMonth() + 1);
      case 'd':
        return two(date.getUTCDate());
      case 'H':
        return two(date.getUTCHours());
      case 'M':
        return two(date.getUTCMinutes());
      case 'S':
        return two(date.getUTCSeconds());
      case 'i':
        hasIndex = true;
        return String(index);
      default:
        return '%';
    }
  });
  if (hasIndex || index === 0) return name;
  const slash = name.lastIndexOf('/') + 1;
  const extension = /(\.rxrec\.gz|\.jsonl\.gz|\.gz|\.[^./]*)$/.exec(name.slice(slash));
  const cut = extension ? name.length - extension[0].length : name.length;
  return `${name.slice(0, cut)}-${index}${name.slice(cut)}`;
}

/**
 * The time bucket of a pattern at `time`: the file name with index 0. Two times share a file (until
 * it fills up) exactly when their buckets are equal.
 *
 * @example
 * ```ts
 * timeBucket('bn-%Y%m%d-%H.rxrec.gz', Date.UTC(2025, 0, 2, 13, 59)) === timeBucket('bn-%Y%m%d-%H.rxrec.gz', Date.UTC(2025, 0, 2, 13, 0)); // true
 * ```
 */
export function timeBucket(pattern: string, time: number): string {
  return recordingFileName(pattern.replace(/%i/g, ''), time, 0);
}
