package io.vigil.sentinel.embed;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Starts a {@link VigilTopology} once for the annotated test class (closed after its last test)
 * and injects it into test, lifecycle method and constructor parameters of type
 * {@link VigilTopology}.
 *
 * <pre>{@code
 * @WithVigilTopology(replicas = 1, downAfterMillis = 500)
 * class MyTest {
 *     @Test
 *     void writes(VigilTopology topology) { ... }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(VigilTopologyExtension.class)
public @interface WithVigilTopology {
    int replicas() default 2;

    int sentinels() default 3;

    /** 0: a majority of the sentinels. */
    int quorum() default 0;

    String masterName() default "mymaster";

    long downAfterMillis() default 1000;

    long failoverTimeoutMillis() default 10_000;
}
