/// A value worked out once per plan box (the sessions that ran the same plan share one box: a
/// ten-year log's 36,500 sessions ran a handful), for writers that repeat what a plan gives
/// every row of its sessions. Each entry holds its box, so the box's identifier can't be reused.
struct PerPlan<Value> {
    private var values: [ObjectIdentifier: (plan: SessionSummary.Plan, value: Value)] = [:]
    /// The last box asked for: consecutive sessions often ran the same plan (no hashing then).
    private var last: (plan: SessionSummary.Plan, value: Value)?

    /// The value for `plan`, made by `make` the first time it is asked for.
    mutating func value(_ plan: SessionSummary.Plan, _ make: (SessionSummary.Plan) -> Value) -> Value {
        if let last, last.plan === plan { return last.value }
        let entry: (plan: SessionSummary.Plan, value: Value)
        if let hit = values[ObjectIdentifier(plan)], hit.plan === plan {
            entry = hit
        } else {
            entry = (plan, make(plan))
            values[ObjectIdentifier(plan)] = entry
        }
        last = entry
        return entry.value
    }
}
