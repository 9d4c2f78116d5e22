package org.ebpftest.packet.pcap;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads pcapng: section header, interface description, enhanced and simple packet blocks; other
 * block types are skipped. Each section sets its own byte order and interface list.
 */
final class PcapngReader extends Reader {

    static final long SECTION_HEADER = 0x0a0d0d0aL;
    static final long INTERFACE_DESCRIPTION = 1;
    static final long SIMPLE_PACKET = 3;
    static final long ENHANCED_PACKET = 6;
    static final long BYTE_ORDER_MAGIC = 0x1a2b3c4dL;
    static final int OPTION_END = 0;
    static final int OPTION_TSRESOL = 9;
    static final int DEFAULT_RESOLUTION = 6;

    private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000L);

    PcapngReader(byte[] bytes, String name) {
        super(bytes, name);
    }

    static boolean isPcapng(byte[] bytes) {
        return bytes[0] == 0x0a && bytes[1] == 0x0d && bytes[2] == 0x0d && bytes[3] == 0x0a;
    }

    CaptureFile read() {
        List<CaptureFile.Interface> all = new ArrayList<>();
        List<CaptureFile.Interface> section = null;
        List<PcapRecord> records = new ArrayList<>();
        long offset = 0;
        int blockNumber = 1;
        while (offset < bytes.length) {
            String where = "block " + blockNumber;
            if (remaining(offset) < 12) {
                throw fail(offset, where, "a block needs at least 12 bytes but " + remaining(offset) + " remain");
            }
            boolean sectionHeader = isPcapngAt(offset);
            if (sectionHeader) {
                startSection(offset, where);
                section = new ArrayList<>();
            } else if (section == null) {
                throw fail(offset, where, "the file does not start with a section header block");
            }
            long type = u32(offset);
            long length = u32(offset + 4);
            checkLength(offset, where, length);
            long body = offset + 8;
            long bodyLength = length - 12;
            if (sectionHeader) {
                if (bodyLength < 16) {
                    throw fail(offset, where, "section header block of " + length + " bytes is shorter than 28");
                }
                int major = u16(body + 4);
                if (major != 1) {
                    throw fail(offset, where, "unsupported pcapng version " + major + "." + u16(body + 6));
                }
            } else if (type == INTERFACE_DESCRIPTION) {
                CaptureFile.Interface iface = interfaceDescription(offset, where, body, bodyLength);
                section.add(iface);
                all.add(iface);
            } else if (type == ENHANCED_PACKET) {
                String recordWhere = "record " + (records.size() + 1) + " (" + where + ")";
                records.add(enhancedPacket(offset, recordWhere, body, bodyLength, section, all.size() - section.size()));
            } else if (type == SIMPLE_PACKET) {
                String recordWhere = "record " + (records.size() + 1) + " (" + where + ")";
                records.add(simplePacket(offset, recordWhere, body, bodyLength, section, all.size() - section.size()));
            }
            offset += length;
            blockNumber++;
        }
        return new CaptureFile(name, CaptureFile.Format.PCAPNG, all, records);
    }

    private boolean isPcapngAt(long offset) {
        int p = (int) offset;
        return bytes[p] == 0x0a && bytes[p + 1] == 0x0d && bytes[p + 2] == 0x0d && bytes[p + 3] == 0x0a;
    }

    private void startSection(long offset, String where) {
        bigEndian = true;
        long magic = u32(offset + 8);
        if (magic == BYTE_ORDER_MAGIC) {
            return;
        }
        bigEndian = false;
        if (u32(offset + 8) != BYTE_ORDER_MAGIC) {
            throw fail(offset, where, String.format("byte-order magic 0x%08x is not 1a2b3c4d in either byte order", magic));
        }
    }

    private void checkLength(long offset, String where, long length) {
        if (length < 12) {
            throw fail(offset, where, "block length " + length + " is below the minimum of 12");
        }
        if (length % 4 != 0) {
            throw fail(offset, where, "block length " + length + " is not a multiple of 4");
        }
        if (length > remaining(offset)) {
            throw fail(offset, where, "block length " + length + " but only " + remaining(offset) + " bytes remain");
        }
        long trailer = u32(offset + length - 4);
        if (trailer != length) {
            throw fail(offset, where, "block length " + length + " at the start but " + trailer + " at the end");
        }
    }

    private CaptureFile.Interface interfaceDescription(long offset, String where, long body, long bodyLength) {
        if (bodyLength < 8) {
            throw fail(offset, where, "interface description block body of " + bodyLength + " bytes is shorter than 8");
        }
        int linkType = u16(body);
        long snapLength = u32(body + 4);
        int resolution = DEFAULT_RESOLUTION;
        long p = body + 8;
        long end = body + bodyLength;
        while (p + 4 <= end) {
            int code = u16(p);
            int length = u16(p + 2);
            if (code == OPTION_END) {
                break;
            }
            if (p + 4 + length > end) {
                throw fail(offset, where, "option " + code + " of " + length + " bytes at offset 0x"
                        + Long.toHexString(p) + " overruns the block");
            }
            if (code == OPTION_TSRESOL && length >= 1) {
                resolution = bytes[(int) p + 4] & 0xff;
            }
            p += 4 + (length + 3) / 4 * 4;
        }
        return new CaptureFile.Interface(linkType, snapLength, resolution);
    }

    private CaptureFile.Interface packetInterface(long offset, String where, long id, List<CaptureFile.Interface> section) {
        if (id >= section.size()) {
            throw fail(offset, where, "refers to interface " + id + " but the section describes " + section.size());
        }
        return section.get((int) id);
    }

    private PcapRecord enhancedPacket(long offset, String where, long body, long bodyLength,
                                      List<CaptureFile.Interface> section, int firstIndex) {
        if (bodyLength < 20) {
            throw fail(offset, where, "enhanced packet block body of " + bodyLength + " bytes is shorter than 20");
        }
        long id = u32(body);
        CaptureFile.Interface iface = packetInterface(offset, where, id, section);
        long ticks = u32(body + 4) << 32 | u32(body + 8);
        long captured = u32(body + 12);
        long original = u32(body + 16);
        if (captured > bodyLength - 20) {
            throw fail(offset, where, "captured length " + captured + " exceeds the " + (bodyLength - 20)
                    + " bytes of packet data in the block");
        }
        checkLengths(offset, where, iface, captured, original);
        return new PcapRecord(nanos(offset, where, ticks, iface.resolution()), (int) original,
                slice(body + 20, (int) captured), iface.linkType(), firstIndex + (int) id);
    }

    private PcapRecord simplePacket(long offset, String where, long body, long bodyLength,
                                    List<CaptureFile.Interface> section, int firstIndex) {
        if (bodyLength < 4) {
            throw fail(offset, where, "simple packet block body of " + bodyLength + " bytes is shorter than 4");
        }
        CaptureFile.Interface iface = packetInterface(offset, where, 0, section);
        long original = u32(body);
        long captured = Math.min(original, bodyLength - 4);
        if (iface.snapLength() != 0) {
            captured = Math.min(captured, iface.snapLength());
        }
        checkLengths(offset, where, iface, captured, original);
        return new PcapRecord(0, (int) original, slice(body + 4, (int) captured), iface.linkType(), firstIndex);
    }

    private void checkLengths(long offset, String where, CaptureFile.Interface iface, long captured, long original) {
        if (iface.snapLength() != 0 && captured > iface.snapLength()) {
            throw fail(offset, where, "captured length " + captured + " exceeds snap length " + iface.snapLength());
        }
        if (original < captured) {
            throw fail(offset, where, "original length " + original + " is less than the captured length " + captured);
        }
        if (original > Integer.MAX_VALUE) {
            throw fail(offset, where, "original length " + original + " is more than 2 GiB");
        }
    }

    private long nanos(long offset, String where, long ticks, int resolution) {
        BigInteger t = new BigInteger(Long.toUnsignedString(ticks));
        int exponent = resolution & 0x7f;
        BigInteger nanos;
        if ((resolution & 0x80) == 0) {
            nanos = exponent <= 9 ? t.multiply(BigInteger.TEN.pow(9 - exponent))
                    : t.divide(BigInteger.TEN.pow(exponent - 9));
        } else {
            nanos = t.multiply(NANOS_PER_SECOND).shiftRight(exponent);
        }
        if (nanos.bitLength() > 63) {
            throw fail(offset, where, "timestamp " + t + " at resolution " + resolution
                    + " does not fit in 64-bit nanoseconds");
        }
        return nanos.longValue();
    }
}
