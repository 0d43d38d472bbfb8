/*
 * banned.h: the last include of every credcheck .c file.
 *
 * Turns calls of unsafe or locale-dependent libc functions into compile
 * errors (STYLE.md section 5). Use cc_buf, snprintf into fixed arrays,
 * cc_parse_* and cc_time_* instead.
 */
#ifndef CC_CORE_BANNED_H
#define CC_CORE_BANNED_H

#define CC_BANNED(func) sorry_##func##_is_banned_in_credcheck

#undef strcpy
#define strcpy(x, y) CC_BANNED(strcpy)
#undef strcat
#define strcat(x, y) CC_BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) CC_BANNED(strncpy)
#undef strncat
#define strncat(x, y, n) CC_BANNED(strncat)
#undef sprintf
#define sprintf(...) CC_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) CC_BANNED(vsprintf)
#undef gets
#define gets(x) CC_BANNED(gets)
#undef strtok
#define strtok(x, y) CC_BANNED(strtok)
#undef atoi
#define atoi(x) CC_BANNED(atoi)
#undef atol
#define atol(x) CC_BANNED(atol)
#undef atof
#define atof(x) CC_BANNED(atof)
#undef gmtime
#define gmtime(x) CC_BANNED(gmtime)
#undef localtime
#define localtime(x) CC_BANNED(localtime)
#undef ctime
#define ctime(x) CC_BANNED(ctime)
#undef asctime
#define asctime(x) CC_BANNED(asctime)
#undef mktemp
#define mktemp(x) CC_BANNED(mktemp)

#endif
