"""Organisations every news desk writes about that the small English model often misses or
mislabels ("posted on Facebook", "Downing Street said", "the Tories"). spaCy's entity ruler tags
them before its statistical NER runs; the model still finds every other name."""

# fmt: off
KNOWN_ORGANISATIONS = (
    # Platforms and media
    "Facebook", "Twitter", "Instagram", "YouTube", "Snapchat", "WhatsApp", "Weibo", "Reddit",
    "LinkedIn", "TikTok", "Google", "Apple", "Microsoft", "Netflix", "Spotify", "CNN", "BBC",
    "Reuters", "Associated Press", "AP", "AFP", "TMZ", "ITV", "Sky News", "Fox News", "NBC", "CBS",
    "ABC News", "NPR", "Al Jazeera", "The New York Times", "New York Times", "The Washington Post",
    "Washington Post", "The Guardian", "The Times", "The Sun", "Daily Mail", "The Telegraph",
    "Sunday Times", "Sunday Telegraph", "Financial Times", "Bloomberg",
    # Government, parties and institutions
    "Downing Street", "White House", "Pentagon", "Kremlin", "Congress", "Senate", "Parliament",
    "Tories", "Conservatives", "Labour", "Liberal Democrats", "Lib Dems", "Republicans",
    "Democrats", "United Nations", "UN", "Nato", "NATO", "European Union", "EU", "FBI", "CIA",
    "NASA", "IMF", "World Bank", "WHO", "Interpol", "Red Cross", "Amnesty International",
    "Human Rights Watch", "ISIS", "Taliban", "al Qaeda", "al-Qaeda", "Hamas", "Hezbollah",
    "Boko Haram", "G7", "G8", "G20", "World Economic Forum", "WTO", "World Trade Organization",
    "World Trade Organisation", "OPEC", "Opec", "OECD", "ECB", "European Central Bank",
    "Federal Reserve", "Bank of England", "IAEA", "Unicef", "UNICEF", "UNHCR", "Europol",
    "Scotland Yard",
    # Sport
    "Fifa", "FIFA", "Uefa", "UEFA", "IOC", "IAAF", "Premier League", "Premiership", "NFL", "NBA",
    "PGA Tour",
)
# fmt: on
