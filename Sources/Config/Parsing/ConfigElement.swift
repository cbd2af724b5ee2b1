#if canImport(FoundationXML)
import FoundationXML
#endif
import Foundation

/// One XML element with its attributes, children and the line it starts on.
public final class ConfigElement: Sendable {
    public let name: String
    public let attributes: [String: String]
    public let line: Int
    public let children: [ConfigElement]

    init(name: String, attributes: [String: String], line: Int, children: [ConfigElement]) {
        self.name = name
        self.attributes = attributes
        self.line = line
        self.children = children
    }

    func children(named name: String) -> [ConfigElement] { children.filter { $0.name == name } }

    /// Parses a whole document; a syntax error names the line.
    static func parse(_ data: Data, file: String) throws(ConfigError) -> ConfigElement {
        if let problem = XMLPrecheck.problem(in: data) {
            throw ConfigError(diagnostics: [ConfigDiagnostic(.error, file: file, line: problem.line, problem.message)])
        }
        let parser = XMLParser(data: data)
        let builder = TreeBuilder()
        parser.delegate = builder
        parser.shouldProcessNamespaces = false
        let ok = parser.parse()
        guard ok, let root = builder.root else {
            if data.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) {
                throw ConfigError(diagnostics: [ConfigDiagnostic(.error, file: file, line: 0,
                    "the file is empty; write a <configuration> element (see Examples/applicationHost.config)")])
            }
            let code = builder.firstError?.code ?? (parser.parserError as NSError?)?.code
            let line = builder.firstError?.line ?? parser.lineNumber
            let column = builder.firstError?.column ?? parser.columnNumber
            throw ConfigError(diagnostics: [ConfigDiagnostic(.error, file: file, line: line,
                "the file is not well-formed XML at column \(column): \(XMLErrorText.reason(code: code)); fix the markup there")])
        }
        return root
    }
}

/// Collects `XMLParser` events into `ConfigElement`s.
private final class TreeBuilder: NSObject, XMLParserDelegate {
    private struct Open {
        var name: String
        var attributes: [String: String]
        var line: Int
        var children: [ConfigElement] = []
    }
    private var stack: [Open] = []
    var root: ConfigElement?
    /// The first error's code and position: later ones are the parser giving up, at the end of the input.
    var firstError: (code: Int, line: Int, column: Int)?

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        stack.append(Open(name: elementName, attributes: attributeDict, line: parser.lineNumber))
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        guard let open = stack.popLast() else { return }
        let element = ConfigElement(name: open.name, attributes: open.attributes, line: open.line, children: open.children)
        if stack.isEmpty { root = element } else { stack[stack.count - 1].children.append(element) }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        if firstError == nil { firstError = ((parseError as NSError).code, parser.lineNumber, parser.columnNumber) }
    }
}
