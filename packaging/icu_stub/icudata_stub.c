/* An empty ICU data library: the header ICU checks, and no entries.
 *
 * Qt links ICU, which loads its 31 MB of data from libicudata; the app uses none of it (its
 * locale formats come from Babel, Qt's QLocale has its own CLDR tables, text is UTF-8). ICU's
 * own "stubdata" library is this same header; a lookup in it finds nothing, and Qt falls back
 * to its built-in code paths. ICU_DATA_SYMBOL is the versioned name libicuuc asks for
 * (icudt73_dat for ICU 73). */
#include <stdint.h>

#ifndef ICU_DATA_SYMBOL
#error "build with -DICU_DATA_SYMBOL=icudtNN_dat"
#endif

typedef struct {
    uint16_t size;
    uint16_t reservedWord;
    uint8_t isBigEndian;
    uint8_t charsetFamily;
    uint8_t sizeofUChar;
    uint8_t reservedByte;
    uint8_t dataFormat[4];
    uint8_t formatVersion[4];
    uint8_t dataVersion[4];
} UDataInfo;

typedef struct {
    uint16_t headerSize;
    uint8_t magic1, magic2;
    UDataInfo info;
    char padding[8];
    uint32_t count, reserved;
    uint32_t toc[2];
    int fakeNameAndData[4];
} IcuDataHeader;

__attribute__((visibility("default"))) const IcuDataHeader ICU_DATA_SYMBOL = {
    32,
    0xda,
    0x27,
    {sizeof(UDataInfo), 0, 0 /* little endian */, 0 /* ASCII */, 2, 0, {0x54, 0x6f, 0x43, 0x50}, {1, 0, 0, 0}, {0, 0, 0, 0}},
    {0, 0, 0, 0, 0, 0, 0, 0},
    0,
    0,
    {0, 0},
    {0, 0, 0, 0},
};
