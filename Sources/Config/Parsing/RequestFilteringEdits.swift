/// What one level (server or `<location>`) says in `<requestFiltering>`: attributes it sets and
/// collection edits, applied in order onto what the level above left (`RequestFilteringMerge`).
struct RequestFilteringEdits: Sendable {
    var allowDoubleEscaping: Bool?
    var allowHighBitCharacters: Bool?
    var fileExtensionsAllowUnlisted: Bool?
    var verbsAllowUnlisted: Bool?
    var maxAllowedContentLength: Int?
    var maxURL: Int?
    var maxQueryString: Int?
    var fileExtensions: [CollectionEdit<ListedName>] = []
    var verbs: [CollectionEdit<ListedName>] = []
    var hiddenSegments: [CollectionEdit<String>] = []
    var denyURLSequences: [CollectionEdit<String>] = []
    var hiddenSegmentsApplyToWebDAV: Bool?
    var fileExtensionsApplyToWebDAV: Bool?
    var unescapeQueryString: Bool?
    var alwaysAllowedURLs: [CollectionEdit<String>] = []
    var alwaysAllowedQueryStrings: [CollectionEdit<String>] = []
    var denyQueryStringSequences: [CollectionEdit<String>] = []
    var headerLimits: [CollectionEdit<HeaderLimitEntry>] = []
    var filteringRules: [CollectionEdit<FilteringRuleEntry>] = []
}

/// Applies `RequestFilteringEdits` level by level into a `RequestFilteringModel`.
struct RequestFilteringMerge {
    private var model = RequestFilteringModel()
    private var fileExtensions = CollectionMerge<ListedName>()
    private var verbs = CollectionMerge<ListedName>()
    private var hiddenSegments = CollectionMerge<String>()
    private var denyURLSequences = CollectionMerge<String>()
    private var alwaysAllowedURLs = CollectionMerge<String>()
    private var alwaysAllowedQueryStrings = CollectionMerge<String>()
    private var denyQueryStringSequences = CollectionMerge<String>()
    private var headerLimits = CollectionMerge<HeaderLimitEntry>()
    private var filteringRules = CollectionMerge<FilteringRuleEntry>()

    mutating func apply(_ edits: RequestFilteringEdits?, report: (ConfigDiagnostic.Severity, Int, String) -> Void) {
        guard let edits else { return }
        if let value = edits.allowDoubleEscaping { model.allowDoubleEscaping = value }
        if let value = edits.allowHighBitCharacters { model.allowHighBitCharacters = value }
        if let value = edits.fileExtensionsAllowUnlisted { model.fileExtensionsAllowUnlisted = value }
        if let value = edits.verbsAllowUnlisted { model.verbsAllowUnlisted = value }
        if let value = edits.maxAllowedContentLength { model.maxAllowedContentLength = value }
        if let value = edits.maxURL { model.maxURL = value }
        if let value = edits.maxQueryString { model.maxQueryString = value }
        fileExtensions.apply(edits.fileExtensions, collection: "fileExtensions", report: report)
        verbs.apply(edits.verbs, collection: "verbs", report: report)
        hiddenSegments.apply(edits.hiddenSegments, collection: "hiddenSegments", report: report)
        denyURLSequences.apply(edits.denyURLSequences, collection: "denyUrlSequences", report: report)
        if let value = edits.hiddenSegmentsApplyToWebDAV { model.hiddenSegmentsApplyToWebDAV = value }
        if let value = edits.fileExtensionsApplyToWebDAV { model.fileExtensionsApplyToWebDAV = value }
        if let value = edits.unescapeQueryString { model.unescapeQueryString = value }
        alwaysAllowedURLs.apply(edits.alwaysAllowedURLs, collection: "alwaysAllowedUrls", report: report)
        alwaysAllowedQueryStrings.apply(edits.alwaysAllowedQueryStrings, collection: "alwaysAllowedQueryStrings", report: report)
        denyQueryStringSequences.apply(edits.denyQueryStringSequences, collection: "denyQueryStringSequences", report: report)
        headerLimits.apply(edits.headerLimits, collection: "headerLimits", report: report)
        filteringRules.apply(edits.filteringRules, collection: "filteringRules", report: report)
    }

    var result: RequestFilteringModel {
        var result = model
        result.fileExtensions = fileExtensions.values
        result.verbs = verbs.values
        result.hiddenSegments = hiddenSegments.values
        result.denyURLSequences = denyURLSequences.values
        result.alwaysAllowedURLs = alwaysAllowedURLs.values
        result.alwaysAllowedQueryStrings = alwaysAllowedQueryStrings.values
        result.denyQueryStringSequences = denyQueryStringSequences.values
        result.headerLimits = headerLimits.values
        result.filteringRules = filteringRules.values
        return result
    }
}
