import VigilCore

/// Public holidays by country: on these days most people do not work, so activity dips the way a detector's
/// weekly baseline does not expect.
///
/// The rules cover the countries where the simulated organisation has offices. Lunar-calendar holidays (Diwali,
/// Chinese New Year, Hari Raya) are given as fixed dates for the years the simulator is usually run in.
public struct HolidayCalendar: Sendable {
    /// Holiday epoch days with their names, by ISO country code.
    private var days: [String: [Int: String]] = [:]

    /// Builds the calendar for every year in `years`.
    public init(years: ClosedRange<Int>) {
        for year in years {
            for country in ["US", "GB", "DE", "IN", "SG"] {
                for (date, name) in Self.rules(country: country, year: year) {
                    days[country, default: [:]][date.epochDay] = name
                }
            }
        }
    }

    /// Whether `epochDay` (a local calendar day) is a public holiday in `country`.
    public func isHoliday(country: String, epochDay: Int) -> Bool {
        days[country]?[epochDay] != nil
    }

    /// The holiday's name, when it is one.
    public func name(country: String, epochDay: Int) -> String? {
        days[country]?[epochDay]
    }

    /// Every holiday between two epoch days (inclusive) in a country, in date order.
    public func holidays(country: String, from: Int, through: Int) -> [(epochDay: Int, name: String)] {
        guard from <= through, let map = days[country] else { return [] }
        return (from...through).compactMap { d in map[d].map { (d, $0) } }
    }

    static func rules(country: String, year: Int) -> [(CivilDate, String)] {
        func d(_ m: Int, _ day: Int) -> CivilDate { CivilDate(year: year, month: m, day: day) }
        let easter = CivilDate.easter(year: year).epochDay
        func easterOffset(_ n: Int) -> CivilDate { CivilDate(epochDay: easter + n) }
        switch country {
        case "US":
            return [
                (observed(d(1, 1)), "New Year's Day"),
                (CivilDate.nthWeekday(0, n: 3, month: 1, year: year), "Martin Luther King Jr. Day"),
                (CivilDate.nthWeekday(0, n: 3, month: 2, year: year), "Presidents' Day"),
                (CivilDate.nthWeekday(0, n: 0, month: 5, year: year), "Memorial Day"),
                (observed(d(6, 19)), "Juneteenth"),
                (observed(d(7, 4)), "Independence Day"),
                (CivilDate.nthWeekday(0, n: 1, month: 9, year: year), "Labor Day"),
                (CivilDate.nthWeekday(0, n: 2, month: 10, year: year), "Columbus Day"),
                (observed(d(11, 11)), "Veterans Day"),
                (CivilDate.nthWeekday(3, n: 4, month: 11, year: year), "Thanksgiving"),
                (CivilDate(epochDay: CivilDate.nthWeekday(3, n: 4, month: 11, year: year).epochDay + 1), "Day after Thanksgiving"),
                (observed(d(12, 25)), "Christmas Day"),
            ]
        case "GB":
            return [
                (observed(d(1, 1)), "New Year's Day"),
                (easterOffset(-2), "Good Friday"),
                (easterOffset(1), "Easter Monday"),
                (CivilDate.nthWeekday(0, n: 1, month: 5, year: year), "Early May bank holiday"),
                (CivilDate.nthWeekday(0, n: 0, month: 5, year: year), "Spring bank holiday"),
                (CivilDate.nthWeekday(0, n: 0, month: 8, year: year), "Summer bank holiday"),
                (observed(d(12, 25)), "Christmas Day"),
                (CivilDate(epochDay: observed(d(12, 25)).epochDay + 1), "Boxing Day"),
            ]
        case "DE":
            return [
                (d(1, 1), "Neujahr"),
                (easterOffset(-2), "Karfreitag"),
                (easterOffset(1), "Ostermontag"),
                (d(5, 1), "Tag der Arbeit"),
                (easterOffset(39), "Christi Himmelfahrt"),
                (easterOffset(50), "Pfingstmontag"),
                (easterOffset(60), "Fronleichnam"),
                (d(10, 3), "Tag der Deutschen Einheit"),
                (d(12, 24), "Heiligabend (company closure)"),
                (d(12, 25), "1. Weihnachtstag"),
                (d(12, 26), "2. Weihnachtstag"),
            ]
        case "IN":
            var list: [(CivilDate, String)] = [
                (d(1, 26), "Republic Day"),
                (d(5, 1), "Maharashtra/Labour Day"),
                (d(8, 15), "Independence Day"),
                (d(10, 2), "Gandhi Jayanti"),
                (d(12, 25), "Christmas"),
            ]
            let diwali: [Int: (Int, Int)] = [2024: (11, 1), 2025: (10, 21), 2026: (11, 8), 2027: (10, 29), 2028: (10, 17)]
            let dussehra: [Int: (Int, Int)] = [2024: (10, 12), 2025: (10, 2), 2026: (10, 20), 2027: (10, 9), 2028: (9, 27)]
            if let (m, day) = diwali[year] { list.append((d(m, day), "Diwali")) }
            if let (m, day) = dussehra[year] { list.append((d(m, day), "Dussehra")) }
            return list
        case "SG":
            var list: [(CivilDate, String)] = [
                (observed(d(1, 1)), "New Year's Day"),
                (easterOffset(-2), "Good Friday"),
                (observed(d(5, 1)), "Labour Day"),
                (observed(d(8, 9)), "National Day"),
                (observed(d(12, 25)), "Christmas Day"),
            ]
            let deepavali: [Int: (Int, Int)] = [2024: (10, 31), 2025: (10, 20), 2026: (11, 8), 2027: (10, 28), 2028: (10, 17)]
            if let (m, day) = deepavali[year] { list.append((observed(d(m, day)), "Deepavali")) }
            return list
        default:
            return []
        }
    }

    /// A fixed-date holiday that falls on a weekend is observed on the nearest weekday (Saturday → Friday,
    /// Sunday → Monday), as US and UK employers do.
    private static func observed(_ date: CivilDate) -> CivilDate {
        switch date.weekday {
        case 5: return CivilDate(epochDay: date.epochDay - 1)
        case 6: return CivilDate(epochDay: date.epochDay + 1)
        default: return date
        }
    }
}
