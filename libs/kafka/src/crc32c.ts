/**
 * CRC-32C (Castagnoli), the checksum of Kafka's record batches, computed eight bytes a step
 * ("slicing by 8"): kafkajs' own takes a table lookup per byte, which for a produce request of
 * membership events is a few per cent of the segmentation service's CPU.
 */
const POLYNOMIAL_REVERSED = 0x82f63b78;
const TABLES = buildTables();

function buildTables(): Int32Array[] {
  const tables = Array.from({ length: 8 }, () => new Int32Array(256));
  const [first] = tables as [Int32Array];
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ POLYNOMIAL_REVERSED : crc >>> 1;
    first[byte] = crc;
  }
  for (let byte = 0; byte < 256; byte++) {
    let crc = first[byte]!;
    for (let slice = 1; slice < 8; slice++) {
      crc = first[crc & 0xff]! ^ (crc >>> 8);
      tables[slice]![byte] = crc;
    }
  }
  return tables;
}

/** The CRC-32C of `bytes[start, end)`, as an unsigned 32-bit number. */
export function crc32c(bytes: Uint8Array, start = 0, end = bytes.length): number {
  const [t0, t1, t2, t3, t4, t5, t6, t7] = TABLES as [
    Int32Array,
    Int32Array,
    Int32Array,
    Int32Array,
    Int32Array,
    Int32Array,
    Int32Array,
    Int32Array,
  ];
  let crc = -1;
  let i = start;
  for (const last = end - 8; i <= last; i += 8) {
    crc ^= bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    crc =
      t7[crc & 0xff]! ^
      t6[(crc >>> 8) & 0xff]! ^
      t5[(crc >>> 16) & 0xff]! ^
      t4[crc >>> 24]! ^
      t3[bytes[i + 4]!]! ^
      t2[bytes[i + 5]!]! ^
      t1[bytes[i + 6]!]! ^
      t0[bytes[i + 7]!]!;
  }
  for (; i < end; i++) crc = t0[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}
