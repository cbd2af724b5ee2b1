/// A value a module stores in a request or connection container (`IHttpStoredContext`).
public protocol StoredContext: AnyObject {
    /// Called exactly once, by the container, when its scope ends.
    func cleanupStoredContext()
}

/// A connection-scoped stored value that also hears about the disconnect (`IHttpConnectionStoredContext`).
public protocol ConnectionStoredContext: StoredContext {
    func notifyDisconnect()
}

public enum ModuleContextError: Error, Equatable {
    /// `ERROR_ALREADY_ASSIGNED`: a context is already set for this module; contexts are never overwritten.
    case alreadyAssigned
}

/// Per-request or per-connection storage keyed by module (`IHttpModuleContextContainer`).
public final class ModuleContextStorage {
    private var contexts: [(key: String, value: any StoredContext)] = []

    public init() {}

    public func get(for module: String) -> (any StoredContext)? {
        contexts.first { $0.key == module }?.value
    }

    /// `SetModuleContext`: fails with `.alreadyAssigned` rather than overwriting.
    public func set(_ context: any StoredContext, for module: String) throws(ModuleContextError) {
        guard get(for: module) == nil else { throw .alreadyAssigned }
        contexts.append((module, context))
    }

    public var isEmpty: Bool { contexts.isEmpty }

    /// Ends the scope: `notifyDisconnect` (connection scope) then `cleanupStoredContext`, once each.
    ///
    /// The entries are moved out first (a callback may store a new context, which belongs to no
    /// ending scope), and their emptied array is put back afterwards: copying the list and then
    /// emptying it with `keepingCapacity` would allocate a new buffer for every request.
    func cleanupAll(disconnected: Bool) {
        guard !contexts.isEmpty else { return }
        var ending: [(key: String, value: any StoredContext)] = []
        swap(&ending, &contexts)
        if disconnected {
            for entry in ending { (entry.value as? any ConnectionStoredContext)?.notifyDisconnect() }
        }
        for entry in ending { entry.value.cleanupStoredContext() }
        guard contexts.isEmpty else { return }
        ending.removeAll(keepingCapacity: true)
        contexts = ending
    }
}
