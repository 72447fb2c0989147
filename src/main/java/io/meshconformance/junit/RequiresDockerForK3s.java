package io.meshconformance.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Skips the annotated class, with the reason, when the harness would start its own k3s clusters
 * ({@code mesh.mode=k3s}, the default) and no Docker engine answers. The one allowed reason for the conformance
 * suite not to run; every other obstacle fails it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(DockerCondition.class)
public @interface RequiresDockerForK3s {
}
