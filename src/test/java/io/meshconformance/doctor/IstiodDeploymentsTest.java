package io.meshconformance.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.api.Test;

/** Unit tier: what an istiod Deployment says, and what Kubernetes assumes when it says nothing. */
class IstiodDeploymentsTest {

    @Test
    void aDeploymentWithoutStatusOrReplicasIsOneDesiredNoneReady() {
        Deployment fresh = new DeploymentBuilder().withNewMetadata().withName("istiod").endMetadata().build();
        assertEquals(0, IstiodDeployments.readyReplicas(fresh));
        assertEquals(1, IstiodDeployments.desired(fresh));
        assertEquals("?", IstiodDeployments.image(fresh));
        assertEquals(Optional.empty(), IstiodDeployments.env(fresh, "CLUSTER_ID"));
    }

    @Test
    void theCountsImageAndEnvAreRead() {
        Deployment istiod = new DeploymentBuilder().withNewSpec().withReplicas(2).withNewTemplate().withNewSpec()
                .addNewContainer().withName("discovery").withImage("docker.io/istio/pilot:1.30.3")
                .addNewEnv().withName("PILOT_TRACE_SAMPLING").withValue("1").endEnv()
                .addNewEnv().withName("CLUSTER_ID").withValue("primary").endEnv().endContainer().endSpec()
                .endTemplate().endSpec().withNewStatus().withReadyReplicas(2).endStatus().build();
        assertEquals(2, IstiodDeployments.readyReplicas(istiod));
        assertEquals(2, IstiodDeployments.desired(istiod));
        assertEquals("docker.io/istio/pilot:1.30.3", IstiodDeployments.image(istiod));
        assertEquals(Optional.of("primary"), IstiodDeployments.env(istiod, "CLUSTER_ID"));
    }

    @Test
    void anEnvVarSetFromAReferenceHasNoValueToRead() {
        Deployment istiod = new DeploymentBuilder().withNewSpec().withNewTemplate().withNewSpec().addNewContainer()
                .withName("discovery").addNewEnv().withName("CLUSTER_ID").withNewValueFrom().withNewFieldRef()
                .withFieldPath("metadata.namespace").endFieldRef().endValueFrom().endEnv().endContainer().endSpec()
                .endTemplate().endSpec().build();
        assertEquals(Optional.empty(), IstiodDeployments.env(istiod, "CLUSTER_ID"));
    }
}
