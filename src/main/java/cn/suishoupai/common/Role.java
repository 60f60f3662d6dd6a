package cn.suishoupai.common;

import java.util.Arrays;
import java.util.Optional;

/** Roles are JWT groups (DOMAIN §2). The string values are what @RolesAllowed names. */
public enum Role {
    RESIDENT(Role.RESIDENT_),
    GRID_WORKER(Role.GRID_WORKER_),
    DISPATCHER(Role.DISPATCHER_),
    UNIT(Role.UNIT_),
    FINANCE(Role.FINANCE_),
    ADMIN(Role.ADMIN_),
    LEADER(Role.LEADER_);

    public static final String RESIDENT_ = "resident";
    public static final String GRID_WORKER_ = "grid_worker";
    public static final String DISPATCHER_ = "dispatcher";
    public static final String UNIT_ = "unit";
    public static final String FINANCE_ = "finance";
    public static final String ADMIN_ = "admin";
    public static final String LEADER_ = "leader";

    private final String group;

    Role(String group) {
        this.group = group;
    }

    public String group() {
        return group;
    }

    public static Optional<Role> fromGroup(String group) {
        return Arrays.stream(values()).filter(r -> r.group.equals(group)).findFirst();
    }
}
