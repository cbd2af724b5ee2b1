/// How IIRF resolves `%{NAME}` (Rewriter.c `GetServerVariable`).
enum IIRFVariables {
    static func classify(_ name: ArraySlice<UInt8>) -> Variable {
        let text = name.text
        // IIRF answers these itself; everything else is GetServerVariable. The TIME names are
        // compared case-sensitively (strcmp), the others case-insensitively.
        switch text {
        case "TIME": return Variable(kind: .time(.all), name: text)
        case "TIME_YEAR": return Variable(kind: .time(.year), name: text)
        case "TIME_MON": return Variable(kind: .time(.month), name: text)
        case "TIME_DAY": return Variable(kind: .time(.day), name: text)
        case "TIME_HOUR": return Variable(kind: .time(.hour), name: text)
        case "TIME_MIN": return Variable(kind: .time(.minute), name: text)
        case "TIME_SEC": return Variable(kind: .time(.second), name: text)
        case "TIME_WDAY": return Variable(kind: .time(.weekday), name: text)
        case "TIME_WEEK": return Variable(kind: .time(.week), name: text)
        case "TIME_YDAY": return Variable(kind: .time(.yearDay), name: text)
        default: break
        }
        if name.equalsIgnoringCase("URL") { return Variable(kind: .currentURL, name: text) }
        return Variable(kind: .server(text), name: text)
    }
}
