// swift-tools-version:6.1
import PackageDescription

/// The example C filters in Examples/filters: each is built as a shared object
/// (`lib<target>.so` next to the executables), which tests and `serve --filter` load.
let exampleFilters: [(target: String, directory: String)] = [
    ("ResponseHeadersFilter", "ResponseHeaders"),
    ("RedirectFilter", "Redirect"),
    ("BasicAuthFilter", "BasicAuth"),
    ("RequestCounterFilter", "RequestCounter"),
    ("LogRewriteFilter", "LogRewrite"),
]

/// The example ISAPI extensions in Examples/extensions, built the same way (`lib<target>.so`).
let exampleExtensions: [(target: String, directory: String)] = [
    ("StatusPageExtension", "StatusPage"),
    ("PostEchoExtension", "PostEcho"),
]

/// The Win32 functions the host implements for native filters and modules (ISAPIRuntime): the last
/// error, then the porting layer (kernel objects, heaps, files, registry, INI files, modules,
/// environment, libraries). They must be visible to libraries opened with RTLD_LOCAL: every binary that links
/// NativeHost exports exactly these symbols. Add a name here when ISAPIRuntime defines a new one.
let hostExports: [String] = [
    "SetLastError", "GetLastError",
    // kernel objects and waits
    "CloseHandle", "CreateMutexA", "CreateMutexW", "OpenMutexA", "OpenMutexW", "ReleaseMutex",
    "CreateEventA", "CreateEventW", "OpenEventA", "OpenEventW", "SetEvent", "ResetEvent",
    "CreateSemaphoreA", "CreateSemaphoreW", "OpenSemaphoreA", "OpenSemaphoreW", "ReleaseSemaphore",
    "WaitForSingleObject", "WaitForMultipleObjects",
    "CreateThread", "GetExitCodeThread", "ResumeThread", "GetThreadId", "ExitThread",
    // heaps
    "GetProcessHeap", "HeapCreate", "HeapDestroy", "HeapAlloc", "HeapReAlloc", "HeapFree", "HeapSize",
    "LocalAlloc", "LocalReAlloc", "LocalFree", "LocalSize", "GlobalAlloc", "GlobalReAlloc", "GlobalFree", "GlobalSize",
    // files
    "CreateFileA", "CreateFileW", "ReadFile", "WriteFile", "SetFilePointer", "SetFilePointerEx",
    "GetFileSize", "GetFileSizeEx", "FlushFileBuffers", "SetEndOfFile", "GetFileInformationByHandle",
    "GetFileAttributesA", "GetFileAttributesW", "GetFileAttributesExA", "GetFileAttributesExW",
    "DeleteFileA", "DeleteFileW", "CreateDirectoryA", "CreateDirectoryW", "RemoveDirectoryA", "RemoveDirectoryW",
    "FindFirstFileA", "FindFirstFileW", "FindNextFileA", "FindNextFileW", "FindClose",
    "MoveFileA", "MoveFileW", "MoveFileExA", "CopyFileA", "CopyFileW",
    "GetTempPathA", "GetCurrentDirectoryA", "GetTempFileNameA",
    // registry
    "RegOpenKeyExA", "RegOpenKeyExW", "RegOpenKeyA", "RegOpenKeyW", "RegCreateKeyExA", "RegCloseKey",
    "RegQueryValueExA", "RegQueryValueExW", "RegGetValueA", "RegGetValueW", "RegSetValueExA", "RegSetValueExW",
    // modules, INI files, environment
    "GetModuleFileNameA", "GetModuleFileNameW", "GetModuleHandleA", "GetModuleHandleW",
    "GetModuleHandleExA", "GetModuleHandleExW",
    "LoadLibraryA", "LoadLibraryW", "LoadLibraryExA", "LoadLibraryExW", "GetProcAddress", "FreeLibrary",
    "GetPrivateProfileStringA", "GetPrivateProfileStringW", "GetPrivateProfileIntA", "GetPrivateProfileIntW",
    "WritePrivateProfileStringA", "WritePrivateProfileStringW",
    "GetEnvironmentVariableA", "GetEnvironmentVariableW", "SetEnvironmentVariableA", "SetEnvironmentVariableW",
    "GetComputerNameA", "GetComputerNameW",
]
let exportHostFunctions: [LinkerSetting] = [
    .unsafeFlags(hostExports.flatMap { ["-Xlinker", "--export-dynamic-symbol=\($0)"] }, .when(platforms: [.linux])),
]

/// Release builds of the request path's targets skip Swift's dynamic exclusivity checks: their
/// classes are confined to one event loop, and the checks (`swift_beginAccess` on every class
/// field access) were 17% of the example chain's instructions per request (docs/performance.md).
/// Debug builds, and so the tests, keep them.
let requestPathSettings: [SwiftSetting] = [
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

let package = Package(
    name: "isapi-bridge",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "isapi-bridge", targets: ["ISAPIBridgeCLI"]),
        .library(name: "Memory", targets: ["Memory"]),
        .library(name: "Pipeline", targets: ["Pipeline"]),
        .library(name: "Server", targets: ["Server"]),
        .library(name: "Rewrite", targets: ["Rewrite"]),
        .library(name: "Config", targets: ["Config"]),
        .library(name: "SiteAssembly", targets: ["SiteAssembly"]),
        .library(name: "NativeModules", targets: ["NativeModules"]),
        .library(name: "NativeHost", targets: ["NativeHost"]),
        .library(name: "ReverseProxy", targets: ["ReverseProxy"]),
        // The compatibility headers (windows.h, httpfilt.h), for packages that build C filters.
        .library(name: "ISAPIHeaders", targets: ["ISAPIHeaders"]),
        // The C++ example modules, each a shared library a server loads with dlopen.
        .library(name: "HelloWorldModule", type: .dynamic, targets: ["HelloWorldModule"]),
        .library(name: "UserAgentModule", type: .dynamic, targets: ["UserAgentModule"]),
        .library(name: "ConnectionCounterModule", type: .dynamic, targets: ["ConnectionCounterModule"]),
        .library(name: "HeaderEchoModule", type: .dynamic, targets: ["HeaderEchoModule"]),
    ] + exampleFilters.map { .library(name: $0.target, type: .dynamic, targets: [$0.target]) }
      + exampleExtensions.map { .library(name: $0.target, type: .dynamic, targets: [$0.target]) },
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-http2.git", from: "1.46.0"),
    ],
    targets: [
        // Request- and connection-scoped arenas with tail guards, caps and accounting.
        .target(
            name: "Memory",
            dependencies: [.product(name: "Logging", package: "swift-log")]
        ),
        // IIS integrated-mode pipeline: contexts, stages, modules. No sockets, no NIO.
        .target(
            name: "Pipeline",
            dependencies: ["Memory", .product(name: "Logging", package: "swift-log")],
            swiftSettings: requestPathSettings
        ),
        // PCRE2 (8-bit code units) from the system: `libpcre2-dev`.
        .systemLibrary(
            name: "CPCRE2",
            pkgConfig: "libpcre2-8",
            providers: [.apt(["libpcre2-dev"])]
        ),
        // crypt_r from the system's libcrypt: password hashes of basicAuthentication's userFile.
        .systemLibrary(name: "CCrypt"),
        // The URL-rewrite filter: IIRF and mod_rewrite rule dialects on PCRE2, an offline tester.
        .target(
            name: "Rewrite",
            dependencies: ["Pipeline", "CPCRE2", .product(name: "Logging", package: "swift-log")]
        ),
        // applicationHost.config -> ServerModel (a value). No NIO, no dlopen.
        .target(name: "Config"),
        // The reverse proxy handler (the ARR role): forwards requests to HTTP/1.1 upstreams over
        // SwiftNIO client channels, with a keep-alive pool per upstream and event loop.
        .target(
            name: "ReverseProxy",
            dependencies: [
                "Pipeline",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // swift-metrics backed by Prometheus; the admin listener serving /metrics.
        .target(
            name: "Monitoring",
            dependencies: [
                "Pipeline", "Memory", "Server",
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // W3C extended request logs (IIS's default field set), one file per site per day.
        .target(name: "RequestLog", dependencies: ["Pipeline"], swiftSettings: requestPathSettings),
        // ServerModel -> a RequestPipeline per site: loads native filters and modules, Swift built-ins,
        // the rewrite filter; host routing per listener.
        .target(
            name: "SiteAssembly",
            dependencies: ["Config", "Pipeline", "Server", "Rewrite", "NativeModules", "NativeHost", "Memory", "RequestLog", "CCrypt", "ReverseProxy",
                           .product(name: "Logging", package: "swift-log"),
                           .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")]
        ),
        // HTTP/1.1 over SwiftNIO, static files, the embedded demo site.
        .target(
            name: "Server",
            dependencies: [
                "Pipeline", "Memory",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOHTTP2", package: "swift-nio-http2"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: requestPathSettings
        ),
        // httpfilt.h and windows.h as porters compile against them (`isapi-bridge cflags`).
        .target(name: "ISAPIHeaders"),
        // The host's C side: thread-local last error (SetLastError/GetLastError), the active call, and the
        // Win32 porting layer filters and modules call (docs/win32-support-kernel.md).
        .target(name: "ISAPIRuntime", dependencies: ["ISAPIHeaders"]),
        // Loads C filters (dlopen) and adapts them onto the Swift filter API.
        .target(
            name: "NativeHost",
            dependencies: [
                "Pipeline", "Memory", "ISAPIHeaders", "ISAPIRuntime",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: requestPathSettings,
            linkerSettings: exportHostFunctions
        ),
        .executableTarget(
            name: "ISAPIBridgeCLI",
            dependencies: [
                "Server", "Pipeline", "Rewrite", "NativeModules", "NativeHost", "Config", "SiteAssembly", "RequestLog", "Monitoring",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // A bare SwiftNIO hello-world server: the baseline the wrk benchmark compares against.
        .executableTarget(
            name: "BareNIOServer",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // httpserv.h, http.h, sal.h and windows.h for C++ IIS native modules (headers only).
        .target(name: "ModuleHeaders", dependencies: ["ISAPIHeaders"], path: "Sources/ModuleHeaders"),
        // The C++ shim: IHttpContext & co. forwarding to Swift through a C function table.
        .target(name: "ModuleShim", dependencies: ["ModuleHeaders"]),
        // Loads native modules (dlopen + RegisterModule) and runs them in the Swift pipeline.
        .target(
            name: "NativeModules",
            dependencies: ["Pipeline", "Memory", "ModuleShim", "ISAPIRuntime", .product(name: "Logging", package: "swift-log")],
            swiftSettings: requestPathSettings
        ),
        .target(name: "HelloWorldModule", dependencies: ["ModuleHeaders"], path: "Examples/modules/HelloWorld", publicHeadersPath: "."),
        .target(name: "UserAgentModule", dependencies: ["ModuleHeaders"], path: "Examples/modules/UserAgent", publicHeadersPath: "."),
        .target(name: "ConnectionCounterModule", dependencies: ["ModuleHeaders"], path: "Examples/modules/ConnectionCounter", publicHeadersPath: "."),
        .target(name: "HeaderEchoModule", dependencies: ["ModuleHeaders"], path: "Examples/modules/HeaderEcho", publicHeadersPath: "."),
        // Helpers several test targets share (logs, scripted filters and modules, a raw HTTP client,
        // a server for the duration of a test). Public API of the libraries only.
        .target(
            name: "TestSupport",
            dependencies: ["Pipeline", "Memory", "Server", .product(name: "Logging", package: "swift-log"),
                           .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
                           .product(name: "NIOPosix", package: "swift-nio"), .product(name: "NIOHTTP2", package: "swift-nio-http2"),
                           .product(name: "NIOSSL", package: "swift-nio-ssl"), .product(name: "NIOTLS", package: "swift-nio")],
            path: "Tests/TestSupport"
        ),
        .testTarget(name: "MemoryTests", dependencies: ["Memory"]),
        .testTarget(name: "ConfigTests", dependencies: ["Config"]),
        .testTarget(
            name: "PipelineTests",
            dependencies: ["Pipeline", "Memory", "TestSupport", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "RewriteTests",
            dependencies: ["Rewrite", "Pipeline", "Memory", "TestSupport", .product(name: "Logging", package: "swift-log")],
            exclude: ["known-divergences"]
        ),
        .testTarget(
            name: "ReverseProxyTests",
            dependencies: [
                "ReverseProxy", "Pipeline", "Rewrite", "Server", "SiteAssembly", "TestSupport",
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "NativeHostTests",
            dependencies: [
                "NativeHost", "Pipeline", "Memory", "Server", "ReverseProxy", "ISAPIHeaders", "ISAPIRuntime", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "Pipeline", "Memory", "Rewrite", "NativeModules", "TestSupport",
                "Config", "SiteAssembly", "RequestLog", "Monitoring",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOHTTP2", package: "swift-nio-http2"),
            ],
            exclude: ["NativeModules/Fixtures", "Configuration/Fixtures"]
        ),
    ] + exampleFilters.map {
        .target(name: $0.target, dependencies: ["ISAPIHeaders"], path: "Examples/filters/\($0.directory)", publicHeadersPath: ".")
    } + exampleExtensions.map {
        .target(name: $0.target, dependencies: ["ISAPIHeaders"], path: "Examples/extensions/\($0.directory)", publicHeadersPath: ".")
    },
    cxxLanguageStandard: .cxx17
)
