package cn.suishoupai.demo;

import cn.suishoupai.identity.Account;
import cn.suishoupai.identity.PasswordHasher;
import cn.suishoupai.identity.Role;
import cn.suishoupai.region.HazardCategory;
import cn.suishoupai.region.Region;
import cn.suishoupai.region.Unit;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The demo data set of the local run (never in prod: only %dev sets suishoupai.demo.enabled).
 * Modelled on the seed town 果园镇 of 长沙县: 7 zones (片区), 191 grids, a village/community
 * committee per zone, the township's departments, the ten hazard categories and one account
 * per role and per unit, all with password demo1234. Loading is idempotent.
 */
@ApplicationScoped
class DemoData {

    private static final Logger LOG = Logger.getLogger(DemoData.class);
    static final String PASSWORD = "demo1234";
    static final String TOWNSHIP = "430121-GY";

    /** zone name, its village/community committee, number of grids (sums to 191). */
    record Zone(String name, String committee, int grids) {
    }

    static final List<Zone> ZONES = List.of(
            new Zone("浔龙河片区", "浔龙河村村委会", 27),
            new Zone("双河片区", "双河村村委会", 27),
            new Zone("田汉片区", "田汉社区居委会", 27),
            new Zone("花园片区", "花园村村委会", 27),
            new Zone("金石片区", "金石村村委会", 27),
            new Zone("兴隆片区", "兴隆村村委会", 28),
            new Zone("光明片区", "光明村村委会", 28));

    /** code, name, account username. */
    record Dept(String code, String name, String username) {
    }

    static final List<Dept> DEPARTMENTS = List.of(
            new Dept("GY-YJ", "果园镇应急管理站", "yingji"),
            new Dept("GY-XF", "果园镇消防救援站", "xiaofang"),
            new Dept("GY-ZJ", "果园镇住建站", "zhujian"),
            new Dept("GY-JJ", "长沙县交警大队果园中队", "jiaojing"),
            new Dept("GY-SJ", "果园市场监督管理所", "shijian"),
            new Dept("GY-CG", "果园镇城管执法中队", "chengguan"));

    /** code, zh, en, severity, auto-dispatch. */
    record Category(String code, String zh, String en, String severity, boolean auto) {
    }

    static final List<Category> CATEGORIES = List.of(
            new Category("FIRE", "消防安全", "Fire safety", "GENERAL", true),
            new Category("GAS", "燃气/液化气", "Gas and LPG", "GENERAL", true),
            new Category("ELECTRICAL", "电气线路", "Electrical wiring", "GENERAL", true),
            new Category("ROAD_TRAFFIC", "道路交通", "Road traffic", "GENERAL", true),
            new Category("CONSTRUCTION", "建筑施工", "Construction sites", "GENERAL", true),
            new Category("HAZCHEM", "危险化学品", "Hazardous chemicals", "MAJOR", false),
            new Category("SELF_BUILT_HOUSING", "自建房", "Self-built housing", "GENERAL", true),
            new Category("SPECIAL_EQUIPMENT", "特种设备", "Special equipment", "GENERAL", true),
            new Category("FLOOD_GEOLOGY", "防汛/地质灾害", "Flood and geological", "GENERAL", false),
            new Category("OTHER", "其他", "Other", "GENERAL", true));

    private final PasswordHasher hasher;
    private final Clock clock;
    private final boolean enabled;

    DemoData(PasswordHasher hasher, Clock clock,
             @ConfigProperty(name = "suishoupai.demo.enabled", defaultValue = "false") boolean enabled) {
        this.hasher = hasher;
        this.clock = clock;
        this.enabled = enabled;
    }

    void onStart(@Observes @Priority(500) StartupEvent ev) {
        if (enabled) {
            load();
        }
    }

    @Transactional
    void load() {
        if (Region.count("code", TOWNSHIP) > 0) {
            return;
        }
        Instant now = clock.instant();
        String hash = hasher.hash(PASSWORD);
        Region district = region("430121", "长沙县", Region.Level.DISTRICT, null, now);
        Region town = region(TOWNSHIP, "果园镇", Region.Level.TOWNSHIP, district, now);
        List<Region> zones = new ArrayList<>();
        int z = 0;
        for (Zone zone : ZONES) {
            z++;
            Region zr = region(String.format("%s-Z%d", TOWNSHIP, z), zone.name(), Region.Level.ZONE, town, now);
            zones.add(zr);
            for (int g = 1; g <= zone.grids(); g++) {
                region(String.format("%s-Z%d-G%02d", TOWNSHIP, z, g), String.format("%s第%d网格", zone.name(), g),
                        Region.Level.GRID, zr, now);
            }
            Unit committee = unit(String.format("GY-V%d", z), zone.committee(), Unit.Type.VILLAGE_COMMUNITY, Set.of(zr.id), now);
            staff(String.format("cun%d", z), zone.committee() + "值班员", Set.of(Role.UNIT_), committee.id, Set.of(), hash, now);
        }
        for (Dept d : DEPARTMENTS) {
            Unit u = unit(d.code(), d.name(), Unit.Type.DEPARTMENT, Set.of(town.id), now);
            staff(d.username(), d.name() + "值班员", Set.of(Role.UNIT_), u.id, Set.of(), hash, now);
        }
        for (Category c : CATEGORIES) {
            HazardCategory hc = new HazardCategory();
            hc.code = c.code();
            hc.nameZh = c.zh();
            hc.nameEn = c.en();
            hc.defaultSeverity = c.severity();
            hc.autoDispatch = c.auto();
            hc.persist();
        }
        staff("admin", "系统管理员", Set.of(Role.ADMIN_), null, Set.of(), hash, now);
        staff("dispatcher", "果园镇安委办调度员", Set.of(Role.DISPATCHER_), null, Set.of(town.id), hash, now);
        staff("leader", "分管安全副镇长", Set.of(Role.LEADER_), null, Set.of(town.id), hash, now);
        staff("finance", "财政所出纳", Set.of(Role.FINANCE_), null, Set.of(town.id), hash, now);
        staff("grid1", "浔龙河片区网格员", Set.of(Role.GRID_WORKER_), null, Set.of(zones.get(0).id), hash, now);
        LOG.infof("Loaded demo data: township %s, %d zones, %d grids, %d units; log in as admin/%s",
                town.name, zones.size(), Region.count("level", Region.Level.GRID), Unit.count(), PASSWORD);
    }

    private static Region region(String code, String name, Region.Level level, Region parent, Instant now) {
        Region r = new Region();
        r.code = code;
        r.name = name;
        r.level = level;
        r.parentId = parent == null ? null : parent.id;
        r.createdAt = now;
        r.persistAndFlush();
        return r;
    }

    private static Unit unit(String code, String name, Unit.Type type, Set<Long> regions, Instant now) {
        Unit u = new Unit();
        u.code = code;
        u.name = name;
        u.type = type;
        u.contactPhone = "0731-8600" + String.format("%04d", Math.abs(code.hashCode()) % 10000);
        u.createdAt = now;
        u.regionIds.addAll(regions);
        u.persistAndFlush();
        return u;
    }

    private static void staff(String username, String name, Set<String> roles, Long unitId, Set<Long> regions,
                              String hash, Instant now) {
        Account a = new Account();
        a.kind = Account.Kind.STAFF;
        a.username = username;
        a.displayName = name;
        a.passwordHash = hash;
        a.roles.addAll(roles);
        a.unitId = unitId;
        a.regionIds.addAll(regions);
        a.createdAt = now;
        a.updatedAt = now;
        a.persist();
    }
}
