package io.vigil.sentinel.embed;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.time.Duration;

/**
 * JUnit 5 extension running a {@link VigilTopology} for tests. Two ways to use it:
 * <ul>
 *   <li>declaratively with {@link WithVigilTopology} on the test class;</li>
 *   <li>programmatically, with the builder's settings:
 *   <pre>{@code
 *   @RegisterExtension
 *   static VigilTopologyExtension vigil = new VigilTopologyExtension(
 *           VigilTopology.builder().replicas(1).downAfter(Duration.ofMillis(500)));
 *   // vigil.topology() in tests, or a VigilTopology parameter
 *   }</pre>
 *   A static field shares one topology across the class's tests; an instance field gets a fresh
 *   topology for each test.</li>
 * </ul>
 * Parameters of type {@link VigilTopology} are resolved in both cases. The topology is closed
 * (everything stopped, temp directory deleted) by the same scope that started it, so nested test
 * classes share their enclosing class's topology.
 */
public final class VigilTopologyExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {
    private final VigilTopology.Builder builder;
    private VigilTopology topology;
    private String owner;

    /** Used by {@link WithVigilTopology}: the settings come from the annotation. */
    public VigilTopologyExtension() {
        this(null);
    }

    public VigilTopologyExtension(VigilTopology.Builder builder) {
        this.builder = builder;
    }

    /** The running topology; only between the start and the end of the scope that owns it. */
    public synchronized VigilTopology topology() {
        if (topology == null) {
            throw new IllegalStateException("no VigilTopology is running: use it from a test or a lifecycle method");
        }
        return topology;
    }

    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        startIfNeeded(context);
    }

    @Override
    public synchronized void beforeEach(ExtensionContext context) {
        startIfNeeded(context);
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) {
        stopIfOwner(context);
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        stopIfOwner(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == VigilTopology.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        synchronized (this) {
            // Constructor injection comes before beforeEach for per-test instances.
            startIfNeeded(extensionContext);
        }
        return topology();
    }

    private void startIfNeeded(ExtensionContext context) {
        if (topology != null) {
            return;
        }
        topology = settings(context).start();
        owner = context.getUniqueId();
    }

    private void stopIfOwner(ExtensionContext context) {
        if (topology != null && context.getUniqueId().equals(owner)) {
            try {
                topology.close();
            } finally {
                topology = null;
                owner = null;
            }
        }
    }

    private VigilTopology.Builder settings(ExtensionContext context) {
        if (builder != null) {
            return builder;
        }
        for (Class<?> c = context.getTestClass().orElse(null); c != null; c = c.getEnclosingClass()) {
            WithVigilTopology a = c.getAnnotation(WithVigilTopology.class);
            if (a != null) {
                return VigilTopology.builder().replicas(a.replicas()).sentinels(a.sentinels()).quorum(a.quorum())
                        .masterName(a.masterName()).downAfter(Duration.ofMillis(a.downAfterMillis()))
                        .failoverTimeout(Duration.ofMillis(a.failoverTimeoutMillis()));
            }
        }
        return VigilTopology.builder();
    }
}
