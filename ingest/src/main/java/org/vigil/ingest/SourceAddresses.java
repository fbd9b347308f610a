package org.vigil.ingest;

import inet.ipaddr.AddressStringException;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Which source addresses may connect to a listener: IPv4 and IPv6 addresses and CIDR blocks
 * ({@code 10.20.0.0/16}, {@code 192.0.2.7}, {@code 2001:db8::/32}). An empty list admits every source. Matching is
 * the ipaddress library's (prefix blocks of either family), not hand-written.
 */
public final class SourceAddresses {

    /** Every source admitted. */
    public static final SourceAddresses ANY = new SourceAddresses(List.of());

    private final List<IPAddress> blocks;

    private SourceAddresses(List<IPAddress> blocks) {
        this.blocks = List.copyOf(blocks);
    }

    /** Parses the entries; a bad one fails with an IllegalArgumentException that names it. */
    public static SourceAddresses parse(List<String> entries) {
        List<IPAddress> blocks = new ArrayList<>();
        for (String entry : entries) {
            String e = entry.strip();
            if (e.isEmpty()) {
                continue;
            }
            try {
                IPAddress address = new IPAddressString(e).toAddress();
                // "10.1.2.3/8" means the block 10.0.0.0/8, as a firewall rule would read it.
                blocks.add(address.isPrefixed() ? address.toPrefixBlock() : address);
            } catch (AddressStringException | RuntimeException invalid) {
                throw new IllegalArgumentException("Not an IP address or CIDR block: " + e);
            }
        }
        return new SourceAddresses(blocks);
    }

    /** Whether a connection from {@code source} is admitted. */
    public boolean admits(InetAddress source) {
        if (blocks.isEmpty()) {
            return true;
        }
        IPAddress address = new IPAddressString(source.getHostAddress()).getAddress();
        return address != null && blocks.stream().anyMatch(block -> block.contains(address));
    }

    /** Whether every source is admitted. */
    public boolean any() {
        return blocks.isEmpty();
    }

    @Override
    public String toString() {
        return blocks.isEmpty() ? "any" : blocks.toString();
    }
}
