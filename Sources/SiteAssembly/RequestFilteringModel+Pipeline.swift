import Config
import Pipeline

extension RequestFilteringModel {
    /// The pipeline's form of the site's request filtering.
    var pipelineSettings: RequestFiltering {
        RequestFiltering(
            allowDoubleEscaping: allowDoubleEscaping, allowHighBitCharacters: allowHighBitCharacters,
            fileExtensions: .init(allowUnlisted: fileExtensionsAllowUnlisted,
                                  entries: fileExtensions.map { (name: $0.name, allowed: $0.allowed) }),
            verbs: .init(allowUnlisted: verbsAllowUnlisted, entries: verbs.map { (name: $0.name, allowed: $0.allowed) }),
            hiddenSegments: hiddenSegments, denyURLSequences: denyURLSequences,
            maxAllowedContentLength: maxAllowedContentLength, maxURL: maxURL, maxQueryString: maxQueryString)
    }
}
