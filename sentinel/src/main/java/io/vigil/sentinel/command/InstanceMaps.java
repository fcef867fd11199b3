package io.vigil.sentinel.command;

import io.vigil.node.resp.RespWriter;
import io.vigil.sentinel.core.InstanceKind;
import io.vigil.sentinel.core.InstanceView;
import io.vigil.sentinel.runtime.MasterOptions;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes instance maps (SENTINEL MASTERS/MASTER/REPLICAS/SENTINELS) in Redis's field order, every
 * value a bulk string, as a RESP3 map or a flat RESP2 array.
 */
final class InstanceMaps {
    private InstanceMaps() {
    }

    static Map<String, String> fields(InstanceView v, MasterOptions options) {
        Map<String, String> f = v.fields();
        if (v.kind() != InstanceKind.MASTER || options == null
                || (options.notificationScript() == null && options.clientReconfigScript() == null)) {
            return f;
        }
        // Scripts follow parallel-syncs (addReplySentinelRedisInstance).
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : f.entrySet()) {
            out.put(e.getKey(), e.getValue());
            if (e.getKey().equals("parallel-syncs")) {
                if (options.notificationScript() != null) {
                    out.put("notification-script", options.notificationScript());
                }
                if (options.clientReconfigScript() != null) {
                    out.put("client-reconfig-script", options.clientReconfigScript());
                }
            }
        }
        return out;
    }

    static void write(RespWriter out, InstanceView v, MasterOptions options) {
        Map<String, String> f = fields(v, options);
        out.map(f.size());
        for (Map.Entry<String, String> e : f.entrySet()) {
            out.bulk(e.getKey());
            out.bulk(e.getValue());
        }
    }

    static void writeAll(RespWriter out, List<InstanceView> views, Function<String, MasterOptions> options) {
        out.array(views.size());
        for (InstanceView v : views) {
            write(out, v, v.kind() == InstanceKind.MASTER ? options.apply(v.name()) : null);
        }
    }
}
