//! Every rule fires on a real runtime-written dump where a Go engineer expects it, and
//! stays silent on real dumps where it must. Thresholds are lowered through the options
//! (never by editing a dump) when the corpus has no dump big enough for the default.

mod rules_fixture;

use goroscope::rules::Severity;
use rules_fixture::{alarming, annotate, fired, fired_with, only};
use serde_json::json;

const KEEPALIVE: &str = "corpus/goroutine-http-keepalive/goroutine.debug2.txt";
const KEEPALIVE_1: &str = "corpus/goroutine-http-keepalive/goroutine.debug1.txt";
const CONTENTION: &str = "corpus/goroutine-sync-contention/goroutine.debug2.txt";
const CONTENTION_1: &str = "corpus/goroutine-sync-contention/goroutine.debug1.txt";
const CRAWLER_1: &str = "corpus/goroutine-100k-crawler/goroutine.debug1.txt";
const CRAWLER_2: &str = "corpus/goroutine-100k-crawler/goroutine.debug2.txt.gz";
const TRUNCATED: &str =
    "corpus/goroutine-100k-crawler/goroutine.depth30.debug2.truncated-64MiB.txt.gz";
const LEAK_T05: &str = "corpus/goroutine-leak/goroutine.t05s.debug2.txt";
const LEAK_T70: &str = "corpus/goroutine-leak/goroutine.t70s.debug2.txt";
const LEAK_AFTER: &str = "corpus/goroutine-leak/goroutine.t70s.after-leakcheck.debug2.txt";
const LEAK_PROFILE_1: &str = "corpus/goroutine-leak/goroutineleak.debug1.txt";
const LABELS: &str = "corpus/goroutine-labels/goroutine.debug2.txt";
const MISC: &str = "corpus/goroutine-misc-states/goroutine.debug2.txt";
const SYSTEM: &str = "corpus/panics/gotraceback-system.stderr.txt";
const HEAP_RATE1: &str = "corpus/heap-memprofilerate1/heap.debug1.txt";
const ALLOCS_RATE1: &str = "corpus/heap-memprofilerate1/allocs.debug1.txt";
const HEAP_DEFAULT: &str = "corpus/heap-default-rate/heap.debug1.txt";
const BLOCK: &str = "corpus/block-mutex/block.debug1.txt";
const MUTEX: &str = "corpus/block-mutex/mutex.debug1.txt";
const MUTEX_5: &str = "corpus/block-mutex/mutex.fraction5.debug1.txt";

// ---- netpoll-wait ---------------------------------------------------------------------

#[test]
fn netpoll_wait_explains_300_idle_keepalive_connections_as_info() {
    let a = only(fired(KEEPALIVE, "netpoll-wait"));
    assert_eq!(a.severity, Severity::Info);
    assert_eq!(a.evidence["goroutines"], json!(302));
    assert_eq!(a.evidence["function"], json!("net/http.(*conn).serve"));
    assert_eq!(a.evidence["functionGoroutines"], json!(300));
}

#[test]
fn a_busy_http_server_raises_no_warning() {
    for dump in [KEEPALIVE, KEEPALIVE_1] {
        let all = annotate(dump, &[]);
        assert!(alarming(&all).is_empty(), "{dump}: {:#?}", alarming(&all));
    }
    // debug=1 has no wait reasons; the poller frame still identifies the 302.
    let a = only(fired(KEEPALIVE_1, "netpoll-wait"));
    assert_eq!(a.evidence["goroutines"], json!(302));
}

#[test]
fn netpoll_wait_is_silent_below_its_threshold() {
    // One goroutine in the poller (a pipe reader) is not worth a line.
    assert!(fired(MISC, "netpoll-wait").is_empty());
    assert!(fired(CONTENTION, "netpoll-wait").is_empty());
}

// ---- mutex-contention -----------------------------------------------------------------

#[test]
fn mutex_contention_names_the_lock_call_site_and_the_sleeping_holder() {
    for dump in [CONTENTION, CONTENTION_1] {
        let a = only(fired(dump, "mutex-contention"));
        assert_eq!(a.severity, Severity::Critical, "{dump}");
        assert_eq!(a.evidence["goroutines"], json!(500));
        assert_eq!(
            a.evidence["callSite"],
            json!("github.com/acme/shop/internal/inventory.(*Store).Reserve")
        );
        assert_eq!(a.evidence["line"], json!(20));
        let holder = &a.evidence["likelyHolders"][0];
        assert_eq!(
            holder["function"],
            json!("github.com/acme/shop/internal/inventory.(*Store).Rebuild")
        );
        assert!(
            a.detail.contains("inventory.(*Store).Rebuild"),
            "{}",
            a.detail
        );
    }
    let debug2 = only(fired(CONTENTION, "mutex-contention"));
    assert_eq!(debug2.evidence["likelyHolders"][0]["state"], json!("sleep"));
}

#[test]
fn mutex_contention_is_a_warning_below_the_critical_count() {
    let a = only(fired_with(
        CONTENTION,
        "mutex-contention",
        &[("mutexContentionCritical", "501")],
    ));
    assert_eq!(a.severity, Severity::Warning);
}

#[test]
fn mutex_contention_is_silent_without_a_queue() {
    // One goroutine in Mutex.Lock (a deadlock, a background locker) is not contention.
    assert!(fired("corpus/panics/deadlock.stderr.txt", "mutex-contention").is_empty());
    assert!(fired(SYSTEM, "mutex-contention").is_empty());
    assert!(fired(KEEPALIVE, "mutex-contention").is_empty());
}

// ---- rwmutex-contention ---------------------------------------------------------------

#[test]
fn rwmutex_contention_reports_blocked_readers_and_queued_writers() {
    let found = fired(CONTENTION, "rwmutex-contention");
    assert_eq!(found.len(), 2, "{found:#?}");
    let readers = &found[0];
    assert_eq!(readers.evidence["mode"], json!("read"));
    assert_eq!(readers.evidence["goroutines"], json!(120));
    assert_eq!(
        readers.evidence["callSite"],
        json!("github.com/acme/shop/internal/config.(*Store).Get")
    );
    assert_eq!(
        readers.evidence["likelyHolders"][0]["function"],
        json!("github.com/acme/shop/internal/config.(*Store).ExportStats")
    );
    // 19 writers queued on the RWMutex's internal mutex plus the first writer.
    let writers = &found[1];
    assert_eq!(writers.evidence["mode"], json!("write"));
    assert_eq!(writers.evidence["goroutines"], json!(20));
    assert_eq!(
        writers.evidence["callSite"],
        json!("github.com/acme/shop/internal/config.(*Store).Set")
    );
}

#[test]
fn rwmutex_contention_is_silent_without_rwmutex_waiters() {
    assert!(fired(KEEPALIVE, "rwmutex-contention").is_empty());
    assert!(fired(LEAK_T70, "rwmutex-contention").is_empty());
}

// ---- sync-wait ------------------------------------------------------------------------

#[test]
fn sync_wait_reports_waitgroup_and_cond_waiters_as_info() {
    let found = fired(CONTENTION, "sync-wait");
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(found.iter().all(|a| a.severity == Severity::Info));
    assert_eq!(found[0].evidence["kind"], json!("sync.WaitGroup.Wait"));
    assert_eq!(found[0].evidence["goroutines"], json!(50));
    assert_eq!(
        found[0].evidence["callSite"],
        json!("github.com/acme/shop/internal/lifecycle.AwaitShutdown")
    );
    assert_eq!(found[1].evidence["kind"], json!("sync.Cond.Wait"));
    assert_eq!(found[1].evidence["goroutines"], json!(80));
}

#[test]
fn sync_wait_is_silent_for_a_single_waiter() {
    // main waits on one WaitGroup while the crawler works: normal.
    assert!(fired(CRAWLER_1, "sync-wait").is_empty());
}

// ---- channel-blocked ------------------------------------------------------------------

#[test]
fn channel_blocked_finds_the_semaphore_send_of_the_crawler() {
    let a = only(fired(CRAWLER_2, "channel-blocked"));
    assert_eq!(a.severity, Severity::Warning);
    assert_eq!(a.evidence["goroutines"], json!(99936));
    assert_eq!(a.evidence["operation"], json!("chan send"));
    assert_eq!(
        a.evidence["callSite"],
        json!("github.com/acme/crawler/internal/crawl.(*Crawler).acquire")
    );
}

#[test]
fn channel_blocked_finds_the_three_leaking_sites() {
    let found = fired(LEAK_T70, "channel-blocked");
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(found.iter().all(|a| a.evidence["goroutines"] == json!(696)));
}

#[test]
fn channel_blocked_is_silent_on_small_queues() {
    // 50 per site at t=5 s, 30 labelled handlers: below 100.
    assert!(fired(LEAK_T05, "channel-blocked").is_empty());
    assert!(fired(LABELS, "channel-blocked").is_empty());
    // debug=1 cannot tell channel operations apart.
    assert!(fired(CRAWLER_1, "channel-blocked").is_empty());
}

// ---- stuck-forever --------------------------------------------------------------------

#[test]
fn stuck_forever_reports_nil_channels_and_empty_selects() {
    let found = fired(MISC, "stuck-forever");
    assert_eq!(found.len(), 2, "{found:#?}");
    let nil = &found[0];
    assert_eq!(nil.severity, Severity::Warning);
    assert_eq!(nil.evidence["goroutines"], json!(2));
    let select = &found[1];
    assert_eq!(select.severity, Severity::Info);
    assert_eq!(
        select.evidence["callSites"],
        json!(["github.com/acme/sysprobe/internal/probe.Forever"])
    );
}

#[test]
fn stuck_forever_is_silent_without_such_goroutines() {
    assert!(fired(CONTENTION, "stuck-forever").is_empty());
    assert!(fired(LEAK_T70, "stuck-forever").is_empty());
}

// ---- long-wait ------------------------------------------------------------------------

#[test]
fn long_wait_reports_minutes_when_the_threshold_allows() {
    // The corpus dumps are ~70 s old, so their longest wait is 1 minute.
    let a = only(fired_with(
        LEAK_T70,
        "long-wait",
        &[("longWaitMinutes", "1")],
    ));
    assert_eq!(a.severity, Severity::Warning);
    assert_eq!(a.evidence["maxWaitMinutes"], json!(1));
    assert_eq!(a.evidence["goroutines"], json!(325));
}

#[test]
fn long_wait_is_silent_at_the_default() {
    assert!(fired(LEAK_T70, "long-wait").is_empty());
    assert!(fired(LEAK_AFTER, "long-wait").is_empty());
}

// ---- dominant-group -------------------------------------------------------------------

#[test]
fn dominant_group_finds_the_crawler_acquire_group() {
    for dump in [CRAWLER_1, CRAWLER_2] {
        let a = only(fired(dump, "dominant-group"));
        assert_eq!(a.severity, Severity::Warning, "{dump}");
        assert_eq!(a.evidence["goroutines"], json!(99936));
        assert_eq!(a.evidence["total"], json!(100067));
        assert_eq!(
            a.evidence["function"],
            json!("github.com/acme/crawler/internal/crawl.(*Crawler).acquire")
        );
    }
}

#[test]
fn dominant_group_is_info_for_idle_connections() {
    let a = only(fired(KEEPALIVE, "dominant-group"));
    assert_eq!(a.severity, Severity::Info);
}

#[test]
fn dominant_group_is_silent_on_balanced_or_tiny_dumps() {
    // Three leaking sites of 696 each: none holds half.
    assert!(fired(LEAK_T70, "dominant-group").is_empty());
    // 16 goroutines: below dominantGroupMin.
    assert!(fired(MISC, "dominant-group").is_empty());
}

// ---- goroutine-count-high -------------------------------------------------------------

#[test]
fn goroutine_count_high_fires_on_100k_goroutines() {
    for dump in [CRAWLER_1, CRAWLER_2] {
        let a = only(fired(dump, "goroutine-count-high"));
        assert_eq!(a.severity, Severity::Warning);
        assert_eq!(a.evidence["goroutines"], json!(100067));
    }
}

#[test]
fn goroutine_count_high_is_silent_on_thousands() {
    assert!(fired(LEAK_T70, "goroutine-count-high").is_empty());
    assert!(fired(CONTENTION, "goroutine-count-high").is_empty());
}

// ---- runnable-backlog -----------------------------------------------------------------

#[test]
fn runnable_backlog_counts_runnable_goroutines() {
    let a = only(fired_with(
        MISC,
        "runnable-backlog",
        &[("runnableBacklogMin", "4")],
    ));
    assert_eq!(a.evidence["goroutines"], json!(4));
    assert_eq!(
        a.evidence["function"],
        json!("github.com/acme/sysprobe/internal/probe.Spinner")
    );
}

#[test]
fn runnable_backlog_is_silent_at_the_default() {
    assert!(fired(MISC, "runnable-backlog").is_empty());
    assert!(fired(SYSTEM, "runnable-backlog").is_empty());
}

// ---- syscall-pileup -------------------------------------------------------------------

#[test]
fn syscall_pileup_counts_blocking_syscalls_but_not_the_signal_loop() {
    let a = only(fired_with(
        MISC,
        "syscall-pileup",
        &[("syscallPileupMin", "1")],
    ));
    assert_eq!(a.evidence["goroutines"], json!(1));
    assert_eq!(
        a.evidence["function"],
        json!("github.com/acme/sysprobe/internal/probe.BlockingRead")
    );
    // The keep-alive server's only [syscall] goroutine is os/signal's loop.
    assert!(fired_with(KEEPALIVE, "syscall-pileup", &[("syscallPileupMin", "1")]).is_empty());
}

#[test]
fn syscall_pileup_is_silent_at_the_default() {
    assert!(fired(MISC, "syscall-pileup").is_empty());
}

// ---- leaked ---------------------------------------------------------------------------

#[test]
fn leaked_reports_goroutines_marked_by_the_leak_detector() {
    for dump in [LEAK_AFTER, "corpus/goroutine-leak/goroutineleak.debug2.txt"] {
        let a = only(fired(dump, "leaked"));
        assert_eq!(a.severity, Severity::Critical);
        assert_eq!(a.evidence["goroutines"], json!(2088), "{dump}");
        assert_eq!(a.evidence["source"], json!("leaked mark"));
    }
}

#[test]
fn leaked_reports_every_goroutine_of_a_goroutineleak_profile() {
    let a = only(fired(LEAK_PROFILE_1, "leaked"));
    assert_eq!(a.evidence["goroutines"], json!(2088));
    assert_eq!(a.evidence["source"], json!("goroutineleak profile"));
}

#[test]
fn leaked_is_silent_before_the_leak_check() {
    // Same goroutines, but no leak-detecting GC has run: nothing is proven.
    assert!(fired(LEAK_T70, "leaked").is_empty());
    assert!(fired(KEEPALIVE, "leaked").is_empty());
}

// ---- locked-threads -------------------------------------------------------------------

#[test]
fn locked_threads_reports_the_pinned_goroutine() {
    let a = only(fired(MISC, "locked-threads"));
    assert_eq!(a.severity, Severity::Info);
    assert_eq!(a.evidence["goroutines"], json!(1));
    assert_eq!(
        a.evidence["functions"],
        json!(["github.com/acme/sysprobe/internal/probe.PinnedLoop"])
    );
}

#[test]
fn locked_threads_is_silent_without_locked_goroutines() {
    assert!(fired(CONTENTION, "locked-threads").is_empty());
}

// ---- runtime-internal -----------------------------------------------------------------

#[test]
fn runtime_internal_lists_the_runtime_background_goroutines() {
    let a = only(fired(SYSTEM, "runtime-internal"));
    assert_eq!(a.severity, Severity::Info);
    assert_eq!(a.evidence["goroutines"], json!(5));
    assert_eq!(a.groups.len(), 5);
}

#[test]
fn runtime_internal_finds_the_dumping_goroutine_and_signal_loop() {
    let a = only(fired(KEEPALIVE, "runtime-internal"));
    assert_eq!(a.evidence["goroutines"], json!(2));
}

#[test]
fn runtime_internal_is_silent_when_only_user_goroutines_are_printed() {
    assert!(fired("corpus/panics/panic.stderr.txt", "runtime-internal").is_empty());
}

// ---- panic / deadlock -----------------------------------------------------------------

#[test]
fn panic_names_the_value_and_the_failing_frame_first() {
    let all = annotate("corpus/panics/nil-deref.stderr.txt", &[]);
    let a = &all[0];
    assert_eq!(a.rule, "panic");
    assert_eq!(a.severity, Severity::Critical);
    assert_eq!(
        a.evidence["panic"],
        json!("runtime error: invalid memory address or nil pointer dereference")
    );
    assert_eq!(
        a.evidence["function"],
        json!("github.com/acme/orders/internal/orders.Total")
    );
    assert_eq!(a.evidence["goroutine"], json!(1));
    assert!(a.evidence["signal"].as_str().unwrap().contains("SIGSEGV"));
}

#[test]
fn panic_reports_nested_panics_and_fatal_errors() {
    let a = only(fired("corpus/panics/nested-panics.stderr.txt", "panic"));
    assert_eq!(a.evidence["panics"].as_array().unwrap().len(), 3);
    let a = only(fired(
        "corpus/panics/concurrent-map-writes.stderr.txt",
        "panic",
    ));
    assert_eq!(a.evidence["fatalError"], json!("concurrent map writes"));
    let a = only(fired("corpus/panics/gotraceback-all.stderr.txt", "panic"));
    assert_eq!(a.evidence["panic"], json!("order 17 has no items"));
    assert_eq!(
        a.evidence["function"],
        json!("github.com/acme/orders/internal/orders.Validate")
    );
}

#[test]
fn panic_is_silent_without_a_crash() {
    assert!(fired("corpus/panics/deadlock.stderr.txt", "panic").is_empty());
    assert!(fired("corpus/panics/sigquit.stderr.txt", "panic").is_empty());
    assert!(fired(CONTENTION, "panic").is_empty());
}

#[test]
fn deadlock_lists_what_each_goroutine_waits_for() {
    for (dump, goroutines) in [
        ("corpus/panics/deadlock.stderr.txt", 3),
        ("corpus/panics/goexit-deadlock.stderr.txt", 1),
    ] {
        let all = annotate(dump, &[]);
        assert_eq!(all[0].rule, "deadlock", "{dump}");
        assert_eq!(all[0].severity, Severity::Critical);
        assert_eq!(all[0].evidence["goroutines"], json!(goroutines));
    }
}

#[test]
fn deadlock_is_silent_on_other_crashes() {
    assert!(fired("corpus/panics/panic.stderr.txt", "deadlock").is_empty());
    assert!(fired("corpus/panics/stack-overflow.stderr.txt", "deadlock").is_empty());
}

// ---- truncated-dump -------------------------------------------------------------------

#[test]
fn truncated_dump_detects_the_64_mib_cut() {
    let a = only(fired(TRUNCATED, "truncated-dump"));
    assert_eq!(a.severity, Severity::Warning);
    // 13,115 goroutine headers; the last one is cut mid-stack.
    assert_eq!(a.evidence["goroutinesRead"], json!(13114));
    assert_eq!(a.evidence["partialGoroutines"], json!(1));
}

#[test]
fn truncated_dump_is_silent_on_complete_dumps() {
    assert!(fired(CRAWLER_2, "truncated-dump").is_empty());
    assert!(fired(CRAWLER_1, "truncated-dump").is_empty());
    assert!(fired(KEEPALIVE, "truncated-dump").is_empty());
}

// ---- heap rules -----------------------------------------------------------------------

#[test]
fn heap_top_retainer_names_load_blobs() {
    for dump in [HEAP_RATE1, ALLOCS_RATE1, HEAP_DEFAULT] {
        let a = only(fired(dump, "heap-top-retainer"));
        assert_eq!(a.severity, Severity::Info);
        assert_eq!(
            a.evidence["function"],
            json!("github.com/acme/catalog/internal/store.LoadBlobs"),
            "{dump}"
        );
    }
    let a = only(fired(HEAP_RATE1, "heap-top-retainer"));
    assert_eq!(a.evidence["inuseBytes"], json!(33554528));
    assert_eq!(a.evidence["totalInuseBytes"], json!(66220176));
}

#[test]
fn heap_top_retainer_is_silent_when_no_site_dominates() {
    assert!(fired_with(
        HEAP_RATE1,
        "heap-top-retainer",
        &[("heapTopRetainerShare", "0.6")]
    )
    .is_empty());
}

#[test]
fn alloc_churn_finds_render_churn() {
    let a = only(fired(HEAP_RATE1, "alloc-churn"));
    assert_eq!(a.severity, Severity::Warning);
    assert_eq!(
        a.evidence["function"],
        json!("github.com/acme/catalog/internal/render.Churn")
    );
    assert_eq!(a.evidence["allocBytes"], json!(209715200));
    assert_eq!(a.evidence["inuseBytes"], json!(0));
    // With the default sampling rate the estimate comes from pprof's unsampling.
    let a = only(fired(HEAP_DEFAULT, "alloc-churn"));
    assert_eq!(a.evidence["allocBytes"], json!(212440336));
}

#[test]
fn alloc_churn_is_silent_on_retained_allocations() {
    // Above 300 MB nothing in the catalog program churns.
    assert!(fired_with(
        HEAP_RATE1,
        "alloc-churn",
        &[("allocChurnBytes", "300000000")]
    )
    .is_empty());
}

#[test]
fn heap_fragmentation_reads_heap_inuse_against_heap_alloc() {
    assert!(fired(HEAP_RATE1, "heap-fragmentation").is_empty());
    let a = only(fired_with(
        HEAP_RATE1,
        "heap-fragmentation",
        &[
            ("heapFragmentationShare", "0.005"),
            ("heapFragmentationBytes", "0"),
        ],
    ));
    assert_eq!(a.evidence["fragmentedBytes"], json!(66691072 - 66300736));
}

#[test]
fn heap_idle_unreleased_reads_idle_minus_released() {
    let a = only(fired(HEAP_RATE1, "heap-idle-unreleased"));
    assert_eq!(a.severity, Severity::Info);
    assert_eq!(a.evidence["unreleasedBytes"], json!(71426048 - 4136960));
    assert!(fired_with(
        HEAP_RATE1,
        "heap-idle-unreleased",
        &[("heapIdleUnreleasedBytes", "100000000")]
    )
    .is_empty());
}

#[test]
fn gc_cpu_high_reads_gc_cpu_fraction() {
    assert!(fired(HEAP_DEFAULT, "gc-cpu-high").is_empty());
    let a = only(fired_with(
        HEAP_DEFAULT,
        "gc-cpu-high",
        &[("gcCpuFraction", "0.02")],
    ));
    assert_eq!(a.evidence["gcCpuFraction"], json!(0.0321));
    // 1% in the MemProfileRate=1 run stays below 2%.
    assert!(fired_with(HEAP_RATE1, "gc-cpu-high", &[("gcCpuFraction", "0.02")]).is_empty());
}

#[test]
fn stack_memory_high_reads_stack_inuse() {
    assert!(fired(HEAP_RATE1, "stack-memory-high").is_empty());
    let a = only(fired_with(
        HEAP_RATE1,
        "stack-memory-high",
        &[("stackMemoryBytes", "0"), ("stackMemoryShare", "0.001")],
    ));
    assert_eq!(a.evidence["stackInuse"], json!(294912));
}

#[test]
fn runtime_overhead_reads_sys_minus_heap_and_stacks() {
    assert!(fired(HEAP_RATE1, "runtime-overhead").is_empty());
    let a = only(fired_with(
        HEAP_RATE1,
        "runtime-overhead",
        &[("runtimeOverheadShare", "0.05")],
    ));
    assert_eq!(
        a.evidence["overheadBytes"],
        json!(153041192_i64 - 138117120 - 294912)
    );
}

#[test]
fn heap_rules_raise_nothing_on_goroutine_dumps() {
    for rule in ["heap-top-retainer", "alloc-churn", "heap-idle-unreleased"] {
        assert!(fired(CONTENTION, rule).is_empty());
    }
}

// ---- contention-hotspot ---------------------------------------------------------------

#[test]
fn contention_hotspot_finds_the_ledger_lock() {
    let found = fired(MUTEX, "contention-hotspot");
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_eq!(
        found[0].evidence["function"],
        json!("github.com/acme/ledger/internal/book.(*Ledger).Post")
    );
    assert_eq!(found[0].evidence["contentions"], json!(199));
    assert_eq!(
        found[1].evidence["function"],
        json!("github.com/acme/ledger/internal/cache.(*Cache).Refresh")
    );
    let block = only(fired(BLOCK, "contention-hotspot"));
    assert_eq!(
        block.evidence["function"],
        json!("github.com/acme/ledger/internal/book.(*Ledger).Post")
    );
}

#[test]
fn contention_hotspot_does_not_multiply_mutex_samples_again() {
    // pprof on this text reports 28.8 s; the runtime measured 5.77 s.
    let found = fired(MUTEX_5, "contention-hotspot");
    let total = found[0].evidence["totalDelaySeconds"].as_f64().unwrap();
    assert!((total - 5.7681).abs() < 0.001, "{total}");
}

#[test]
fn contention_hotspot_is_silent_when_delay_is_spread() {
    assert!(fired_with(
        MUTEX,
        "contention-hotspot",
        &[("contentionHotspotShare", "0.7")]
    )
    .is_empty());
}

// ---- ordering -------------------------------------------------------------------------

#[test]
fn annotations_are_sorted_critical_first() {
    for dump in [CONTENTION, LEAK_AFTER, SYSTEM, HEAP_RATE1] {
        let all = annotate(dump, &[]);
        assert!(
            all.windows(2).all(|w| w[0].severity >= w[1].severity),
            "{dump}: {:?}",
            all.iter().map(|a| (a.rule, a.severity)).collect::<Vec<_>>()
        );
    }
}
