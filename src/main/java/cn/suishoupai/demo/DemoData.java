package cn.suishoupai.demo;

import cn.suishoupai.common.Actor;
import cn.suishoupai.common.ClockProducer;
import cn.suishoupai.common.Role;
import cn.suishoupai.identity.Account;
import cn.suishoupai.identity.PasswordHasher;
import cn.suishoupai.region.GridGeoJson;
import cn.suishoupai.region.GridImportService;
import cn.suishoupai.region.HazardCategory;
import cn.suishoupai.region.Region;
import cn.suishoupai.region.Severity;
import cn.suishoupai.region.Unit;
import cn.suishoupai.reward.Channel;
import cn.suishoupai.reward.RewardRule;
import cn.suishoupai.routing.RoutingData;
import cn.suishoupai.routing.RoutingRule;
import cn.suishoupai.routing.SyntheticGrids;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The demo data set of the local run (never in prod: only %dev sets suishoupai.demo.enabled).
 * Modelled on the seed town 果园镇 of 长沙县: 7 zones (片区), 196 grid polygons, a village/community
 * committee per zone, the township's departments, the ten hazard categories and one account
 * per role and per unit (all with password demo1234), and a rule set that routes every category.
 * Loading is idempotent.
 */
@ApplicationScoped
class DemoData {

    /** The demo's major-hazard rule, the national scheme (DOMAIN §7): 15 % of the fine, at least ¥3,000, at most ¥300,000. */
    static final int MAJOR_PERCENT_BPS = 1_500;

    static final long MAJOR_MIN_FEN = 300_000L;
    static final long MAJOR_MAX_FEN = 30_000_000L;

    private static final Logger LOG = Logger.getLogger(DemoData.class);
    static final String PASSWORD = "demo1234";
    static final String TOWNSHIP = "430121-GY";

    /** zone name and its village/community committee. */
    record Zone(String name, String committee) {}

    static final List<Zone> ZONES = List.of(
            new Zone("浔龙河片区", "浔龙河村村委会"),
            new Zone("双河片区", "双河村村委会"),
            new Zone("田汉片区", "田汉社区居委会"),
            new Zone("花园片区", "花园村村委会"),
            new Zone("金石片区", "金石村村委会"),
            new Zone("兴隆片区", "兴隆村村委会"),
            new Zone("光明片区", "光明村村委会"));

    /**
     * The town as a 14 × 14 lattice of ~500 m cells (WGS-84, south-west corner below), two
     * columns per zone: 7 zones × 28 = 196 grids, non-overlapping and gap-free.
     */
    static final double MIN_LAT = 28.330;

    static final double MIN_LNG = 113.130;
    static final double CELL = 0.005;
    static final int ROWS = 14;
    static final int COLS = 14;

    /** code, name, account username. */
    record Dept(String code, String name, String username) {}

    static final List<Dept> DEPARTMENTS = List.of(
            new Dept("GY-YJ", "果园镇应急管理站", "yingji"),
            new Dept("GY-XF", "果园镇消防救援站", "xiaofang"),
            new Dept("GY-ZJ", "果园镇住建站", "zhujian"),
            new Dept("GY-JJ", "长沙县交警大队果园中队", "jiaojing"),
            new Dept("GY-SJ", "果园市场监督管理所", "shijian"),
            new Dept("GY-CG", "果园镇城管执法中队", "chengguan"));

    /** code, zh, en, severity, auto-dispatch, lead department code (null = 属地), assisting department code. */
    record Category(String code, String zh, String en, String severity, boolean auto, String lead, String assist) {}

    static final List<Category> CATEGORIES = List.of(
            new Category("FIRE", "消防安全", "Fire safety", "GENERAL", true, "GY-XF", "GY-YJ"),
            new Category("GAS", "燃气/液化气", "Gas and LPG", "GENERAL", true, "GY-YJ", "GY-SJ"),
            new Category("ELECTRICAL", "电气线路", "Electrical wiring", "GENERAL", true, null, "GY-YJ"),
            new Category("ROAD_TRAFFIC", "道路交通", "Road traffic", "GENERAL", true, "GY-JJ", null),
            new Category("CONSTRUCTION", "建筑施工", "Construction sites", "GENERAL", true, "GY-ZJ", null),
            new Category("HAZCHEM", "危险化学品", "Hazardous chemicals", "MAJOR", false, "GY-YJ", "GY-XF"),
            new Category("SELF_BUILT_HOUSING", "自建房", "Self-built housing", "GENERAL", true, "GY-ZJ", null),
            new Category("SPECIAL_EQUIPMENT", "特种设备", "Special equipment", "GENERAL", true, "GY-SJ", null),
            new Category("FLOOD_GEOLOGY", "防汛/地质灾害", "Flood and geological", "GENERAL", false, null, "GY-YJ"),
            // OTHER has no rule of its own: the township-wide "any category → 属地" rule takes it
            new Category("OTHER", "其他", "Other", "GENERAL", true, null, null));

    private final PasswordHasher hasher;
    private final Clock clock;
    private final GridImportService grids;
    private final RoutingData routingData;
    private final boolean enabled;

    DemoData(
            PasswordHasher hasher,
            Clock clock,
            GridImportService grids,
            RoutingData routingData,
            @ConfigProperty(name = "suishoupai.demo.enabled", defaultValue = "false") boolean enabled) {
        this.hasher = hasher;
        this.clock = clock;
        this.grids = grids;
        this.routingData = routingData;
        this.enabled = enabled;
    }

    void onStart(@Observes @Priority(500) StartupEvent ev) {
        if (enabled) {
            load();
        }
    }

    @Transactional
    @ActivateRequestContext
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
            Unit committee =
                    unit(String.format("GY-V%d", z), zone.committee(), Unit.Type.VILLAGE_COMMUNITY, Set.of(zr.id), now);
            staff(
                    String.format("cun%d", z),
                    zone.committee() + "值班员",
                    Set.of(Role.UNIT_),
                    committee.id,
                    Set.of(),
                    hash,
                    now);
        }
        grids.importGeoJson(GridGeoJson.write(gridPolygons()).getBytes(StandardCharsets.UTF_8), Actor.system("demo"));
        Map<String, Unit> departments = new HashMap<>();
        for (Dept d : DEPARTMENTS) {
            Unit u = unit(d.code(), d.name(), Unit.Type.DEPARTMENT, Set.of(town.id), now);
            departments.put(d.code(), u);
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
            if (c.lead() != null || c.assist() != null) {
                rule(
                        hc.id,
                        town.id,
                        c.lead() == null ? null : departments.get(c.lead()).id,
                        c.assist() == null ? Set.of() : Set.of(departments.get(c.assist()).id),
                        now);
            }
        }
        rule(null, town.id, null, Set.of(), now); // any other category → the grid's village/community (属地)
        routingData.changed();
        staff("admin", "系统管理员", Set.of(Role.ADMIN_), null, Set.of(), hash, now);
        staff("dispatcher", "果园镇安委办调度员", Set.of(Role.DISPATCHER_), null, Set.of(town.id), hash, now);
        staff("leader", "分管安全副镇长", Set.of(Role.LEADER_), null, Set.of(town.id), hash, now);
        staff("finance", "财政所出纳", Set.of(Role.FINANCE_), null, Set.of(town.id), hash, now);
        staff("grid1", "浔龙河片区网格员", Set.of(Role.GRID_WORKER_), null, Set.of(zones.get(0).id), hash, now);
        // rewards: ¥30 of phone credit for a general hazard; 15 % of the fine, ¥3,000–¥300,000 by WeChat, for a major
        // one
        rewardRule(Severity.GENERAL, RewardRule.Kind.FIXED, 3_000L, null, null, null, now);
        rewardRule(
                Severity.MAJOR,
                RewardRule.Kind.FINE_PERCENT,
                null,
                MAJOR_PERCENT_BPS,
                MAJOR_MIN_FEN,
                MAJOR_MAX_FEN,
                now);
        LOG.infof(
                "Loaded demo data: township %s, %d zones, %d grids, %d units, %d routing rules; log in as admin/%s",
                town.name,
                zones.size(),
                Region.count("level", Region.Level.GRID),
                Unit.count(),
                RoutingRule.count(),
                PASSWORD);
    }

    /** The lattice cells renamed to zone/grid codes: column pair n belongs to zone n + 1. */
    static List<GridGeoJson.GridFeature> gridPolygons() {
        List<GridGeoJson.GridFeature> cells = SyntheticGrids.lattice(
                MIN_LAT,
                MIN_LNG,
                CELL,
                ROWS,
                COLS,
                3,
                20_260_101L,
                "cell",
                col -> String.format("%s-Z%d", TOWNSHIP, col / 2 + 1));
        Map<String, Integer> perZone = new HashMap<>();
        List<GridGeoJson.GridFeature> out = new ArrayList<>();
        for (GridGeoJson.GridFeature f : cells) {
            int n = perZone.merge(f.zoneCode(), 1, Integer::sum);
            String zoneName = ZONES.get(
                            Integer.parseInt(f.zoneCode().substring(f.zoneCode().lastIndexOf('Z') + 1)) - 1)
                    .name();
            out.add(new GridGeoJson.GridFeature(
                    f.index(),
                    String.format("%s-G%02d", f.zoneCode(), n),
                    String.format("%s第%d网格", zoneName, n),
                    f.zoneCode(),
                    f.geometry()));
        }
        return out;
    }

    private static void rewardRule(
            Severity severity,
            RewardRule.Kind kind,
            Long fixedFen,
            Integer percentBps,
            Long minFen,
            Long maxFen,
            Instant now) {
        RewardRule r = new RewardRule();
        r.severity = severity;
        r.kind = kind;
        r.fixedFen = fixedFen;
        r.percentBps = percentBps;
        r.minFen = minFen;
        r.maxFen = maxFen;
        r.channel = kind == RewardRule.Kind.FIXED ? Channel.PHONE_CREDIT : Channel.WECHAT;
        r.validFrom = LocalDate.ofInstant(now, ClockProducer.BUSINESS_ZONE).withDayOfYear(1);
        r.note = "示例规则";
        r.createdAt = now;
        r.updatedAt = now;
        r.persist();
    }

    private static void rule(Long categoryId, long regionId, Long leadUnitId, Set<Long> assisting, Instant now) {
        RoutingRule r = new RoutingRule();
        r.categoryId = categoryId;
        r.regionId = regionId;
        r.target = leadUnitId == null ? RoutingRule.Target.TERRITORIAL : RoutingRule.Target.UNIT;
        r.leadUnitId = leadUnitId;
        r.assistingUnitIds.addAll(assisting);
        r.createdAt = now;
        r.updatedAt = now;
        r.persist();
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

    private static void staff(
            String username, String name, Set<String> roles, Long unitId, Set<Long> regions, String hash, Instant now) {
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
