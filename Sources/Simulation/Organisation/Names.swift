/// Name pools for the people of each office region (plain ASCII so user names need no transliteration).
enum Names {
    static let first: [[String]] = [
        // 0: US / UK
        ["James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "William", "Elizabeth",
         "David", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen",
         "Daniel", "Nancy", "Matthew", "Lisa", "Anthony", "Betty", "Mark", "Sandra", "Steven", "Ashley",
         "Andrew", "Emily", "Joshua", "Megan", "Kevin", "Rachel", "Brian", "Laura", "Oliver", "Amelia",
         "Harry", "Isla", "George", "Sophie", "Carlos", "Maria", "Luis", "Ana", "Wei", "Grace"],
        // 1: DE
        ["Lukas", "Anna", "Leon", "Lea", "Finn", "Hannah", "Jonas", "Laura", "Paul", "Lena",
         "Felix", "Julia", "Max", "Sophie", "Tim", "Marie", "Jan", "Katharina", "Niklas", "Sarah",
         "Tobias", "Johanna", "Stefan", "Sabine", "Andreas", "Claudia", "Markus", "Petra", "Florian", "Nina"],
        // 2: IN
        ["Aarav", "Ananya", "Vivaan", "Diya", "Aditya", "Saanvi", "Arjun", "Isha", "Rohan", "Priya",
         "Karthik", "Kavya", "Rahul", "Sneha", "Vikram", "Pooja", "Suresh", "Lakshmi", "Arun", "Divya",
         "Rajesh", "Meera", "Sanjay", "Anjali", "Nikhil", "Shreya", "Manoj", "Deepa", "Harish", "Nandini"],
        // 3: SG
        ["Wei Ming", "Hui Min", "Jun Jie", "Xin Yi", "Zhi Hao", "Li Ting", "Kai Wen", "Shu Fen", "Ahmad", "Nurul",
         "Siti", "Farid", "Ravi", "Kumar", "Mei Ling", "Jia Hui", "Daniel", "Rachel", "Marcus", "Cheryl"],
    ]

    static let last: [[String]] = [
        ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
         "Hernandez", "Lopez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee",
         "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen", "King",
         "Wright", "Scott", "Hill", "Green", "Adams", "Baker", "Nelson", "Carter", "Mitchell", "Roberts",
         "Evans", "Turner", "Phillips", "Campbell", "Parker", "Edwards", "Collins", "Stewart", "Morris", "Murphy",
         "Cook", "Rogers", "Morgan", "Cooper", "Peterson", "Reed", "Bailey", "Bell", "Hughes", "Price"],
        ["Mueller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
         "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schroeder", "Neumann", "Schwarz", "Zimmermann", "Braun",
         "Krueger", "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner", "Krause", "Meier", "Lehmann", "Schmid"],
        ["Sharma", "Verma", "Gupta", "Iyer", "Reddy", "Nair", "Patel", "Rao", "Kumar", "Singh",
         "Menon", "Pillai", "Joshi", "Kulkarni", "Desai", "Mehta", "Chopra", "Bhat", "Srinivasan", "Krishnan",
         "Agarwal", "Banerjee", "Chatterjee", "Das", "Ghosh", "Mukherjee", "Naidu", "Shetty", "Hegde", "Subramanian"],
        ["Tan", "Lim", "Lee", "Ng", "Ong", "Wong", "Goh", "Chua", "Chan", "Koh",
         "Teo", "Ang", "Yeo", "Tay", "Ho", "Low", "Toh", "Sim", "Chong", "Abdullah",
         "Rahman", "Ismail", "Pillai", "Raj", "Chia", "Lau", "Seah", "Foo", "Quek", "Yap"],
    ]

    /// `jsmith`-style base of a user name: first initial and last name, lower case, letters only.
    static func userNameBase(first: String, last: String) -> String {
        let initial = first.lowercased().first(where: { $0.isLetter }).map(String.init) ?? "x"
        return initial + String(last.lowercased().filter { $0.isLetter })
    }
}
