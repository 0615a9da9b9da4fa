# Slovenian dates as written in official documents: 15. 5. 2014 (SIST, with spaces).
DATE_FORMAT = "j. n. Y"
SHORT_DATE_FORMAT = "j. n. Y"
DATETIME_FORMAT = "j. n. Y, H:i"
SHORT_DATETIME_FORMAT = "j. n. Y, H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j. F"
FIRST_DAY_OF_WEEK = 1
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d. %m. %Y", "%d.%m.%Y", "%d. %m. %y", "%d.%m.%y"]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
