public import SantunanValues

/// The JP pension age schedule and pension date (PP 45/2015 Pasal 15; RULEBOOK §9.4), from `jp.pension_age`.
public struct PensionAge: Sendable {
    let table: YearTable

    /// Resolves `jp.pension_age` (by calendar year of the birthday) from the loaded parameters.
    public init(parameters: ParameterSet) throws(ParameterError) {
        table = try YearTable(parameters.parameter("jp.pension_age"))
    }

    /// The pension age for birthdays in calendar year `year` (56 in 2015–2018, … 65 from 2043).
    public func age(inYear year: Int) -> Int { Int(table.value(year)) }

    /// The pension date: the first birthday, at age 56, 57, …, on which the age reaches the pension age of that
    /// birthday's calendar year (29 February birthdays fall on 28 February in common years).
    ///
    /// Born 1966-05-10 → 2024-05-10 at 58; born 1970-09-15 → 2030-09-15 at 60.
    public func pensionDate(birthDate: CivilDate) -> (date: CivilDate, age: Int) {
        var years = 56
        while true {
            let birthday = birthDate.adding(years: years)
            if years >= age(inYear: birthday.year) { return (birthday, years) }
            years += 1
        }
    }
}
