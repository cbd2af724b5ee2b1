import Testing
@testable import Pipeline
import TestSupport

/// Applications and virtual directories in MapPath and the server variables, as IIS documents them
/// (IIS configuration reference, `<application>` and `<virtualDirectory>`; IIS server variables:
/// APPL_MD_PATH, APPL_PHYSICAL_PATH, PATH_TRANSLATED, INSTANCE_META_PATH, APP_POOL_ID).
@Suite struct VirtualRootTests {
    let site = SiteInfo(id: 3, name: "Shop", physicalPath: "/srv/root", virtualRoots: [
        VirtualRoot(virtualPath: "/", physicalPath: "/srv/root"),
        VirtualRoot(virtualPath: "/app", physicalPath: "/srv/app", applicationPath: "/app", applicationPool: "ShopPool"),
        VirtualRoot(virtualPath: "/app/images", physicalPath: "/mnt/pictures/", applicationPath: "/app",
                    applicationPhysicalPath: "/srv/app", applicationPool: "ShopPool"),
    ])

    func variables(_ target: String, _ names: [String]) -> [String] {
        let pipeline = RequestPipeline(site: site, modules: [recordingModule("Probe", log: EventLog(), notifications: .executeRequestHandler) { _, context in
            context.response.write(names.map { context.serverVariable($0) ?? "nil" }.joined(separator: "|"))
            return .finishRequest
        }])
        let response = InProcessDriver(pipeline: pipeline).send(IncomingRequest(method: "GET", target: target))
        return String(decoding: response?.body ?? [], as: UTF8.self).split(separator: "|", omittingEmptySubsequences: false).map(String.init)
    }

    @Test func theLongestVirtualPathServesTheURLIgnoringCase() {
        #expect(site.virtualRoot(for: "/app/images/a.png").physicalPath == "/mnt/pictures/")
        #expect(site.virtualRoot(for: "/APP/Images/a.png").virtualPath == "/app/images")
        #expect(site.virtualRoot(for: "/app/imagesX/a.png").virtualPath == "/app")
        #expect(site.virtualRoot(for: "/application").virtualPath == "/")
        #expect(site.virtualRoot(for: "/app").virtualPath == "/app")
    }

    @Test func pathTranslatedUsesTheVirtualDirectorysPhysicalPath() {
        #expect(variables("/app/images/a%20b.png", ["PATH_TRANSLATED"]) == ["/mnt/pictures/a b.png"])
        #expect(variables("/App/x.html", ["PATH_TRANSLATED"]) == ["/srv/app/x.html"])
        #expect(variables("/other/x.html", ["PATH_TRANSLATED"]) == ["/srv/root/other/x.html"])
    }

    @Test func applicationVariablesNameTheApplicationOfTheURL() {
        let names = ["APPL_MD_PATH", "APPL_PHYSICAL_PATH", "INSTANCE_META_PATH", "APP_POOL_ID"]
        #expect(variables("/app/images/a.png", names) == ["/LM/W3SVC/3/ROOT/app", "/srv/app/", "/LM/W3SVC/3", "ShopPool"])
        #expect(variables("/index.html", names) == ["/LM/W3SVC/3/ROOT", "/srv/root/", "/LM/W3SVC/3", "DefaultAppPool"])
    }
}
