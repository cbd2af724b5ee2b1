import Config
import Pipeline

extension RequestFilteringModel {
    /// The pipeline's form of the site's request filtering.
    var pipelineSettings: RequestFiltering {
        var settings = RequestFiltering(
            allowDoubleEscaping: allowDoubleEscaping, allowHighBitCharacters: allowHighBitCharacters,
            fileExtensions: .init(allowUnlisted: fileExtensionsAllowUnlisted,
                                  entries: fileExtensions.map { (name: $0.name, allowed: $0.allowed) }),
            verbs: .init(allowUnlisted: verbsAllowUnlisted, entries: verbs.map { (name: $0.name, allowed: $0.allowed) }),
            hiddenSegments: hiddenSegments, denyURLSequences: denyURLSequences,
            maxAllowedContentLength: maxAllowedContentLength, maxURL: maxURL, maxQueryString: maxQueryString)
        settings.hiddenSegmentsApplyToWebDAV = hiddenSegmentsApplyToWebDAV
        settings.fileExtensionsApplyToWebDAV = fileExtensionsApplyToWebDAV
        settings.unescapeQueryString = unescapeQueryString
        settings.alwaysAllowedURLs = alwaysAllowedURLs
        settings.alwaysAllowedQueryStrings = alwaysAllowedQueryStrings
        settings.denyQueryStringSequences = denyQueryStringSequences
        settings.headerLimits = headerLimits.map { RequestFiltering.HeaderLimit(header: $0.header, sizeLimit: $0.sizeLimit) }
        settings.filteringRules = filteringRules.map {
            RequestFiltering.FilteringRule(name: $0.name, scanURL: $0.scanURL, scanQueryString: $0.scanQueryString, scanAllRaw: $0.scanAllRaw,
                                           denyUnescapedPercent: $0.denyUnescapedPercent, scanHeaders: $0.scanHeaders,
                                           appliesTo: $0.appliesTo, denyStrings: $0.denyStrings)
        }
        return settings
    }
}

extension SiteModel {
    /// The request filtering a site (or one of its directories) applies, with `serverRuntime`'s body limit.
    var requestFilteringSettings: RequestFiltering {
        var settings = requestFiltering.pipelineSettings
        settings.maxRequestEntityAllowed = serverRuntime.maxRequestEntityAllowed
        return settings
    }

    /// The `<handlers>` entries as the pipeline's mappings; one that cannot run here is given to
    /// `UnavailableHandlerModule`, which answers 500.21 naming it.
    var handlerMappings: [HandlerMapping] {
        handlers.map {
            HandlerMapping(name: $0.name, path: $0.path, verb: $0.verb,
                           modules: $0.unavailable == nil ? $0.modules : [UnavailableHandlerModule.name], upstream: $0.upstream)
        }
    }
}
