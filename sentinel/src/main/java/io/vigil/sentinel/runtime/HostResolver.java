package io.vigil.sentinel.runtime;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Turns a configured host into the address string the sentinel uses, as Redis's createSentinelAddr:
 * IP literals always work; names only with resolve-hostnames, and are then reported by name when
 * announce-hostnames is on, else by their resolved IP.
 */
public final class HostResolver {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private HostResolver() {
    }

    public static boolean isIpLiteral(String host) {
        if (IPV4.matcher(host).matches()) {
            for (String part : host.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return false;
                }
            }
            return true;
        }
        if (host.indexOf(':') >= 0) {
            try {
                // An IPv6 literal never triggers a DNS lookup.
                InetAddress.getByName(host);
                return true;
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return false;
    }

    /** The address to store, or null when it cannot be used ("Can't resolve instance hostname."). */
    public static String resolve(String host, boolean resolveHostnames, boolean announceHostnames) {
        if (isIpLiteral(host)) {
            return host;
        }
        if (!resolveHostnames) {
            return null;
        }
        try {
            InetAddress a = InetAddress.getByName(host);
            return announceHostnames ? host : a.getHostAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
