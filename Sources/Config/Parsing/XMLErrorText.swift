/// Words for the XML parser's error codes (libxml2's numbering, which `XMLParser` passes through as
/// bare numbers: "NSXMLParserErrorDomain error 5" tells a user nothing).
enum XMLErrorText {
    static func reason(code: Int?) -> String {
        guard let code else { return "not well-formed" }
        return switch code {
        case 4: "the document is empty"
        case 5: "unexpected content or end of the document (an unclosed tag or attribute, or a second root element)"
        case 9: "a character that is not allowed in XML"
        case 23: "an entity reference without its ';'"
        case 26: "an undeclared entity (write & as &amp;, < as &lt;)"
        case 38: "'<' inside an attribute value (write &lt;)"
        case 39, 40: "an attribute value without quotes"
        case 41: "an attribute without a value"
        case 42: "an attribute named twice"
        case 45: "a comment that is not closed with -->"
        case 64: "an XML declaration that is not well-formed"
        case 65: "a space is required here"
        case 68: "a name is required here (after '<' or in a tag)"
        case 73: "'>' is required here"
        case 76: "a closing tag that does not match the open element"
        case 77: "an element that is not closed before the end of the document"
        default: "XML parser error \(code)"
        }
    }
}
