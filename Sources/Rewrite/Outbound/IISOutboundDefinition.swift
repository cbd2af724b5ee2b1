/// `<outboundRules>` of one configuration level, as written.
public struct IISOutboundSection: Sendable, Equatable {
    public var rules: [IISOutboundRuleDefinition] = []
    public var clearsInheritedRules = false
    public var removedRules: [String] = []
    public var preConditions: [IISPreConditionDefinition] = []
    public var customTags: [IISCustomTagsDefinition] = []

    public init() {}

    public var isEmpty: Bool { rules.isEmpty && !clearsInheritedRules && removedRules.isEmpty }
}

/// One outbound `<rule>`: `<match serverVariable="RESPONSE_X" pattern>` rewrites a response header;
/// `<match filterByTags="A, Img" customTags pattern>` rewrites attribute values in HTML bodies.
public struct IISOutboundRuleDefinition: Sendable, Equatable {
    public var name: String
    public var enabled = true
    public var stopProcessing = false
    public var patternSyntax = IISRuleDefinition.PatternSyntax.ecmaScript
    /// `preCondition`: the name of a `<preCondition>` the response must meet.
    public var preCondition = ""
    /// `serverVariable` (`RESPONSE_Location`), empty for a body rule.
    public var serverVariable = ""
    /// `filterByTags`, as listed (`A`, `Form`, `CustomTags`, ...).
    public var filterByTags: [String] = []
    /// `customTags`: the name of a `<customTags><tags name>` group.
    public var customTags = ""
    public var pattern: String
    public var ignoreCase = true
    public var negate = false
    /// `<action type="Rewrite">` (false: None).
    public var rewrites = false
    public var value = ""
    public var line = 0

    public init(name: String, pattern: String) {
        self.name = name
        self.pattern = pattern
    }
}

/// `<preCondition name logicalGrouping patternSyntax>` with its `<add input pattern negate ignoreCase>`.
public struct IISPreConditionDefinition: Sendable, Equatable {
    public struct Check: Sendable, Equatable {
        public var input: String
        public var pattern: String
        public var ignoreCase = true
        public var negate = false
        public var line = 0

        public init(input: String, pattern: String) {
            self.input = input
            self.pattern = pattern
        }
    }

    public var name: String
    public var matchAny = false
    public var patternSyntax = IISRuleDefinition.PatternSyntax.ecmaScript
    public var checks: [Check] = []
    public var line = 0

    public init(name: String) { self.name = name }
}

/// `<customTags><tags name><tag name attribute/></tags>`.
public struct IISCustomTagsDefinition: Sendable, Equatable {
    public var name: String
    /// (element, attribute), as written.
    public var tags: [IISTagAttribute] = []

    public init(name: String) { self.name = name }
}

public struct IISTagAttribute: Sendable, Equatable, Hashable {
    public var element: String
    public var attribute: String

    public init(element: String, attribute: String) {
        self.element = element
        self.attribute = attribute
    }
}
