/// The order in which modules receive each notification, computed once per pipeline.
///
/// Priority FIRST..LAST, ties by registration (configuration) order; for SendResponse the whole
/// order is reversed, so the module that saw the request first sees the response last (an onion).
struct ModuleChain: Sendable {
    /// Module indices per slot; see `slot(for:)`.
    private let slots: [[Int]]

    static let slotCount = RequestStage.allCases.count * 2 + 4

    static func slot(for notification: RequestNotification) -> Int {
        switch notification {
        case .stage(let stage, let isPost): stage.rawValue * 2 + (isPost ? 1 : 0)
        case .sendResponse: 24
        case .mapPath: 25
        case .readEntity: 26
        case .customNotification: 27
        }
    }

    static func notification(forSlot slot: Int) -> RequestNotification {
        switch slot {
        case 0..<24: .stage(RequestStage(rawValue: slot / 2)!, isPost: slot % 2 == 1)
        case 24: .sendResponse
        case 25: .mapPath
        case 26: .readEntity
        default: .customNotification
        }
    }

    init(_ modules: [ModuleRegistration]) {
        var slots: [[Int]] = []
        for slot in 0..<Self.slotCount {
            let notification = Self.notification(forSlot: slot)
            let subscribed = modules.indices.filter { modules[$0].subscribes(to: notification) }
            // Swift's sort is not guaranteed stable; sort by (priority, index) explicitly.
            var ordered = subscribed.sorted {
                let a = modules[$0].priority(for: notification), b = modules[$1].priority(for: notification)
                return a != b ? a < b : $0 < $1
            }
            if notification == .sendResponse { ordered.reverse() }
            slots.append(ordered)
        }
        self.slots = slots
    }

    func modules(for notification: RequestNotification) -> [Int] {
        slots[Self.slot(for: notification)]
    }
}
