package cn.suishoupai.support;

import io.quarkus.test.common.QuarkusTestResource;

/** Registers {@link TestInfra} for every @QuarkusTest in the module. */
@QuarkusTestResource(TestInfra.class)
public class InfraAnchor {}
