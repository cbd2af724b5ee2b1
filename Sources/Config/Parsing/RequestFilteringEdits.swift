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
}

/// Applies `RequestFilteringEdits` level by level into a `RequestFilteringModel`.
struct RequestFilteringMerge {
    private var model = RequestFilteringModel()
    private var fileExtensions = CollectionMerge<ListedName>()
    private var verbs = CollectionMerge<ListedName>()
    private var hiddenSegments = CollectionMerge<String>()
    private var denyURLSequences = CollectionMerge<String>()

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
    }

    var result: RequestFilteringModel {
        var result = model
        result.fileExtensions = fileExtensions.values
        result.verbs = verbs.values
        result.hiddenSegments = hiddenSegments.values
        result.denyURLSequences = denyURLSequences.values
        return result
    }
}
