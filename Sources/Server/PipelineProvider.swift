import Pipeline

/// Gives each new connection the pipeline it will use for its whole life. A configuration reload
/// swaps what this returns; connections already open keep the pipeline they started with.
public typealias PipelineProvider = @Sendable () -> RequestPipeline

/// Gives each new connection its listener's site selection; a reload swaps what this returns.
public typealias SiteProvider = @Sendable () -> SiteSelection
